package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.account;
import static dev.proxyfleet.assignment.Fleet.awaitSql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentStateData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every change of an account also publishes where it is now on the compacted {@code assignment-state}, in the same
 * transaction, from which a read model is rebuilt once {@code assignment-events} has aged out.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AssignmentStateTest {

    /** A state record as a consumer reads it: its type and data, or a tombstone (both null). */
    private record State(EventType type, AssignmentStateData data) {

        static State of(ConsumerRecord<String, byte[]> record) {
            if (record.value() == null) {
                return new State(null, null);
            }
            CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
            return new State(event.type(), (AssignmentStateData) event.data());
        }

        boolean tombstone() {
            return type == null;
        }
    }

    private static List<State> states(TopicReader topic, String account, int count) {
        return topic.await(r -> account.equals(r.key()), count, Duration.ofSeconds(30)).stream().map(State::of).toList();
    }

    @Test
    void waitingBoundAndEndedAccountsArePublishedAndTheEndedOneTombstoned() {
        Fleet.emptyFleet();
        String account = "acc-" + Fleet.nextId();
        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_STATE.topicName())) {
            account(EventType.ACCOUNT_CREATED, account, "model-s");
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND pending_since IS NOT NULL", 1);
            account(EventType.ACCOUNT_UPDATED, account, "model-t");
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND model_id = 'model-t'", 1);
            long proxy = Fleet.createProxy(3);
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + proxy, 1);
            account(EventType.ACCOUNT_DELETED, account, null);

            List<State> states = states(topic, account, 5);

            assertThat(states).extracting(State::type).containsExactly(EventType.ASSIGNMENT_STATE,
                    EventType.ASSIGNMENT_STATE, EventType.ASSIGNMENT_STATE, EventType.ASSIGNMENT_ENDED, null);
            assertThat(states.subList(0, 4)).extracting(state -> state.data().modelId())
                    .containsExactly("model-s", "model-t", "model-t", "model-t");
            assertThat(states.subList(0, 4)).extracting(state -> state.data().proxyId())
                    .containsExactly(null, null, proxy, null);
            assertThat(states.get(4).tombstone()).isTrue();
        }
    }

    @Test
    void anAccountMovedToTheQueueIsPendingNotEnded() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = "acc-" + Fleet.nextId();
        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_STATE.topicName())) {
            account(EventType.ACCOUNT_CREATED, account, "model-u");
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + proxy, 1);

            Fleet.disableProxy(proxy);

            // released, then pending, in one transaction: the state after each is the row's, waiting
            List<State> states = states(topic, account, 3);
            assertThat(states).extracting(State::type).containsOnly(EventType.ASSIGNMENT_STATE);
            assertThat(states).extracting(state -> state.data().proxyId()).containsExactly(proxy, null, null);
        }
    }

    /**
     * status-service's mapping export names the VPS that manages each account: its state carries it, and an update
     * naming another VPS moves it there (the account stays on its proxy); one naming none keeps it.
     */
    @Test
    void theStateCarriesTheVpsTheAccountEventsName() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = "acc-" + Fleet.nextId();
        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_STATE.topicName())) {
            TestEvents.publish(EventType.ACCOUNT_CREATED, new AccountData(account, "model-w", 9L, null));
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + proxy, 1);
            TestEvents.publish(EventType.ACCOUNT_UPDATED, new AccountData(account, "model-w", null, null));
            TestEvents.publish(EventType.ACCOUNT_UPDATED, new AccountData(account, "model-w", 11L, null));

            List<State> states = states(topic, account, 2);

            assertThat(states).extracting(state -> state.data().proxyId()).containsExactly(proxy, proxy);
            assertThat(states).extracting(state -> state.data().vpsId()).containsExactly(9L, 11L);
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND vps_id = 11", 1);
        }
    }

    /** The state of the accounts bound before the topic existed, published once by the migration that adds it. */
    @Test
    void theMigrationPublishesTheStateOfEveryActiveAccountAsTheCodecReadsIt() throws IOException {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = "acc-" + Fleet.nextId();
        account(EventType.ACCOUNT_CREATED, account, "model-v");
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + proxy, 1);
        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_STATE.topicName());
                InputStream migration = getClass().getResourceAsStream("/db/migration/V3__assignment_state.sql")) {
            Fleet.execute(new String(migration.readAllBytes(), StandardCharsets.UTF_8));

            State state = states(topic, account, 1).get(0);

            assertThat(state.type()).isEqualTo(EventType.ASSIGNMENT_STATE);
            assertThat(state.data().modelId()).isEqualTo("model-v");
            assertThat(state.data().proxyId()).isEqualTo(proxy);
            assertThat(state.data().at()).isNotNull();
        }
    }
}
