package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.assignment.engine.AccountLifecycle;
import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TopicReader;
import dev.proxyfleet.messaging.Transactions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * New accounts whose model finds no room are parked with the rest of their batch, in its statements; an account whose
 * only room is held by another transaction waits for it instead of going pending.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class PendingPlacementTest {

    @Inject
    AccountLifecycle accounts;

    @Inject
    Transactions transactions;

    private CompletableFuture<Void> create(List<AccountData> batch) {
        return transactions.inTransaction(tx -> accounts.created(tx, batch)).subscribeAsCompletionStage();
    }

    private static AccountData account(String accountId, String modelId) {
        return new AccountData(accountId, modelId, null, null);
    }

    @Test
    void accountsWithoutRoomInABatchGoPendingWithTheirEventsWhileTheOthersAreBound() throws Exception {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(2);
        String run = "parked-" + Fleet.nextId() + "-";
        List<String> waiting = List.of(run + "y1", run + "y2", run + "x3");

        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_EVENTS.topicName())) {
            create(List.of(account(run + "x1", run + "x"), account(run + "y1", run + "y"), account(run + "x2", run + "x"),
                    account(run + "y2", run + "y"), account(run + "x3", run + "x"))).get(30, TimeUnit.SECONDS);

            assertThat(Fleet.proxyOf(run + "x1")).isEqualTo(proxy);
            assertThat(Fleet.proxyOf(run + "x2")).isEqualTo(proxy);
            assertThat(Fleet.sql("SELECT count(*) FROM account WHERE account_id LIKE '" + run + "%' AND pending_since IS NOT NULL"))
                    .isEqualTo(3);
            assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id LIKE '" + run + "%' "
                    + "AND action = 'pending' AND reason = 'no_capacity' AND proxy_id IS NULL")).isEqualTo(3);
            List<AssignmentData> parked = topic.await(record -> waiting.contains(record.key()), 3, Duration.ofSeconds(30))
                    .stream().map(record -> CloudEvent.fromKafka(record.headers(), record.value()))
                    .peek(event -> assertThat(event.type()).isEqualTo(EventType.ASSIGNMENT_PENDING))
                    .map(event -> (AssignmentData) event.data()).toList();
            assertThat(parked).extracting(AssignmentData::reason).containsOnly(AssignmentReason.NO_CAPACITY);
            assertThat(parked).extracting(AssignmentData::proxyId).containsOnlyNulls();
        }
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void anAccountWhoseOnlyRoomIsLockedWaitsForItRatherThanGoPending() throws Exception {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(2);
        String account = "locked-room-" + Fleet.nextId();
        CompletableFuture<Void> created;
        try (Connection holder = Fleet.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT 1 FROM proxy WHERE id = " + proxy + " FOR UPDATE");

            created = create(List.of(account(account, "locked-model")));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Fleet.sql("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'") > 0);
            holder.commit();
        }
        created.get(30, TimeUnit.SECONDS);

        assertThat(Fleet.proxyOf(account)).isEqualTo(proxy);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account + "' AND action = 'pending'"))
                .isZero();
    }
}
