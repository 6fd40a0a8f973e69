package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.account;
import static dev.proxyfleet.assignment.Fleet.awaitSql;
import static dev.proxyfleet.assignment.Fleet.proxyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.accountpublisher.AccountEventsPublisher;
import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventCodec;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Account, inventory and health events from Kafka become assignments that obey the rules. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AccountAssignmentTest {

    private static String newAccount() {
        return "acc-" + Fleet.nextId();
    }

    private static String boundTo(String account) {
        return "SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id IS NOT NULL";
    }

    private static List<AssignmentData> events(TopicReader topic, String account, int count) {
        return topic.await(r -> account.equals(r.key()), count, Duration.ofSeconds(30)).stream()
                .map(AccountAssignmentTest::decode).toList();
    }

    private static AssignmentData decode(ConsumerRecord<String, byte[]> record) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        return (AssignmentData) event.data();
    }

    @Test
    void accountWaitsWithoutCapacityAndTakesTheFirstProxyThatAppears() {
        Fleet.emptyFleet();
        String account = newAccount();
        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_EVENTS.topicName())) {
            account(EventType.ACCOUNT_CREATED, account, "model-a");
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND pending_since IS NOT NULL", 1);

            long proxy = Fleet.createProxy(3);

            awaitSql(boundTo(account), 1);
            assertThat(proxyOf(account)).isEqualTo(proxy);
            List<AssignmentData> events = events(topic, account, 2);
            assertThat(events.get(0).reason()).isEqualTo(AssignmentReason.NO_CAPACITY);
            assertThat(events.get(0).proxyId()).isNull();
            assertThat(events.get(1).proxyId()).isEqualTo(proxy);
            assertThat(events.get(1).proxyAccountCount()).isEqualTo(1);
        }
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void proxyNeverTakesMoreThanItsMaxAccountsNorASecondModel() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(2);
        String first = newAccount();
        String second = newAccount();
        String third = newAccount();
        String otherModel = newAccount();

        account(EventType.ACCOUNT_CREATED, first, "model-b");
        account(EventType.ACCOUNT_CREATED, second, "model-b");
        account(EventType.ACCOUNT_CREATED, third, "model-b");
        account(EventType.ACCOUNT_CREATED, otherModel, "model-c");

        // Accounts on different partitions have no order between them: which two of the three get the proxy is open.
        String modelB = "'" + first + "', '" + second + "', '" + third + "'";
        awaitSql("SELECT count(*) FROM account WHERE account_id IN (" + modelB + ", '" + otherModel + "') AND pending_since IS NOT NULL", 2);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE account_id IN (" + modelB + ") AND proxy_id = " + proxy)).isEqualTo(2);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE account_id = '" + otherModel + "' AND pending_since IS NOT NULL")).isOne();
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void failedProxyLosesItsAccountsAndRecoversToTakePendingOnes() {
        Fleet.emptyFleet();
        long failing = Fleet.createProxy(3);
        String account = newAccount();
        account(EventType.ACCOUNT_CREATED, account, "model-d");
        awaitSql(boundTo(account), 1);
        long spare = Fleet.createProxy(3);

        Fleet.health(failing, HealthState.HEALTHY, HealthState.FAILED);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + spare, 1);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account
                + "' AND action = 'reassigned' AND reason = 'proxy_failed' AND previous_proxy_id = " + failing)).isEqualTo(1);

        Fleet.health(failing, HealthState.FAILED, HealthState.DEGRADED);
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + failing + " AND health = 'degraded'", 1);
        assertThat(proxyOf(account)).as("accounts do not hop back without cause").isEqualTo(spare);
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void disabledOrDeletedProxyMovesItsAccountsOrParksThemAsPending() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = newAccount();
        account(EventType.ACCOUNT_CREATED, account, "model-e");
        awaitSql(boundTo(account), 1);

        TestEvents.publish(EventType.PROXY_UPDATED, Fleet.proxy(proxy, false, 3, 2));
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND pending_since IS NOT NULL", 1);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account
                + "' AND action = 'released' AND reason = 'proxy_disabled'")).isEqualTo(1);

        TestEvents.publish(EventType.PROXY_UPDATED, Fleet.proxy(proxy, true, 3, 3));
        awaitSql(boundTo(account), 1);

        TestEvents.publish(EventType.PROXY_DELETED, Fleet.proxy(proxy, true, 3, 4));
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND pending_since IS NOT NULL", 1);
        TestEvents.publish(EventType.PROXY_UPDATED, Fleet.proxy(proxy, true, 3, 3));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Fleet.sql("SELECT count(*) FROM proxy WHERE id = " + proxy + " AND deleted") == 1);
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void lowerMaxAccountsMovesTheExcess() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        List<String> accounts = List.of(newAccount(), newAccount(), newAccount());
        accounts.forEach(a -> account(EventType.ACCOUNT_CREATED, a, "model-f"));
        awaitSql("SELECT account_count FROM proxy WHERE id = " + proxy, 3);

        TestEvents.publish(EventType.PROXY_UPDATED, Fleet.proxy(proxy, true, 1, 2));

        awaitSql("SELECT count(*) FROM proxy WHERE id = " + proxy + " AND account_count = 1 AND max_accounts = 1", 1);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE model_id = 'model-f' AND pending_since IS NOT NULL")).isEqualTo(2);
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void modelChangeMovesTheAccountAndDeletionReleasesIt() {
        Fleet.emptyFleet();
        long first = Fleet.createProxy(3);
        String neighbour = newAccount();
        String account = newAccount();
        account(EventType.ACCOUNT_CREATED, neighbour, "model-g");
        account(EventType.ACCOUNT_CREATED, account, "model-g");
        awaitSql("SELECT account_count FROM proxy WHERE id = " + first, 2);
        long second = Fleet.createProxy(3);

        account(EventType.ACCOUNT_UPDATED, account, "model-h");
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND model_id = 'model-h' AND proxy_id = " + second, 1);

        account(EventType.ACCOUNT_DELETED, account, null);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND NOT active AND proxy_id IS NULL", 1);
        assertThat(Fleet.sql("SELECT account_count FROM proxy WHERE id = " + second)).isZero();
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void aWaitingAccountsNewModelIsPublished() {
        Fleet.emptyFleet();
        String account = newAccount();
        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_EVENTS.topicName())) {
            account(EventType.ACCOUNT_CREATED, account, "model-p");
            awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND pending_since IS NOT NULL", 1);

            account(EventType.ACCOUNT_UPDATED, account, "model-q");

            AssignmentData changed = events(topic, account, 2).get(1);
            assertThat(changed.modelId()).isEqualTo("model-q");
            assertThat(changed.reason()).isEqualTo(AssignmentReason.MODEL_CHANGED);
            assertThat(changed.proxyId()).isNull();
        }
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE account_id = '" + account
                + "' AND model_id = 'model-q' AND pending_since IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void redeliveredEventChangesNothing() {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        String account = newAccount();
        CloudEvent<EventData> created = account(EventType.ACCOUNT_CREATED, account, "model-i");
        awaitSql(boundTo(account), 1);
        CloudEvent<EventData> deleted = account(EventType.ACCOUNT_DELETED, account, null);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND NOT active", 1);

        TestEvents.send(created.toProducerRecord());
        TestEvents.send(deleted.toProducerRecord());
        String marker = newAccount();
        account(EventType.ACCOUNT_CREATED, marker, "model-i");
        awaitSql(boundTo(marker), 1);

        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account + "'")).isEqualTo(2);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND NOT active")).isEqualTo(1);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndConsumptionContinues() {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        try (TopicReader dlq = new TopicReader(Topic.ACCOUNT_EVENTS.dlqName())) {
            CloudEvent<EventData> good = CloudEvent.create(EventType.ACCOUNT_CREATED, "/test",
                    new dev.proxyfleet.contracts.AccountData("poison-" + Fleet.nextId(), "m", null, null));
            var bad = good.toProducerRecord();
            TestEvents.send(new org.apache.kafka.clients.producer.ProducerRecord<>(bad.topic(), null, bad.key(), "{not json".getBytes(), bad.headers()));
            String account = newAccount();
            account(EventType.ACCOUNT_CREATED, account, "model-j");

            ConsumerRecord<String, byte[]> dead = dlq.awaitKey(bad.key(), 1).get(0);
            assertThat(new String(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER).value())).startsWith("malformed JSON");
            awaitSql(boundTo(account), 1);
        }
    }

    @Test
    void accountPublishedWithTheCloudEventsSdkIsBound() throws Exception {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        String account = newAccount();
        try (AccountEventsPublisher publisher = new AccountEventsPublisher(TestInfra.get().kafka().bootstrapServers())) {
            publisher.publish("account.created", account, "model-sdk");
        }

        awaitSql(boundTo(account), 1);
    }

    @Test
    void recordsThatBreakTheContractAreDeadLetteredAndTheirPartitionMovesOn() {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        String account = newAccount();
        try (TopicReader dlq = new TopicReader(Topic.ACCOUNT_EVENTS.dlqName())) {
            sendOnAccountEvents(EventType.ACCOUNT_CREATED, account, "{\"accountId\":\"" + account + "\",\"modelId\":\"m\\u0000x\"}");
            sendOnAccountEvents(EventType.ACCOUNT_CREATED, account, "{\"accountId\":\"" + account + "\",\"modelId\":\"\"}");
            sendOnAccountEvents(EventType.PROXY_UPDATED, account,
                    new String(EventCodec.encode(Fleet.proxy(Fleet.nextId(), true, 3, 1)), StandardCharsets.UTF_8));
            account(EventType.ACCOUNT_CREATED, account, "model-k");

            assertThat(dlq.awaitKey(account, 3)).map(AccountAssignmentTest::reason).satisfiesExactly(
                    reason -> assertThat(reason).contains("'modelId' must not contain control characters"),
                    reason -> assertThat(reason).contains("'modelId' must have 1 to 200 characters"),
                    reason -> assertThat(reason).isEqualTo("proxy.updated does not belong on account-events"));
            awaitSql(boundTo(account), 1);
        }
    }

    @Test
    void probesThatChangeNothingLeaveNoDedupeRows() {
        long proxy = Fleet.createProxy(3);
        List<CloudEvent<EventData>> probes = IntStream.range(0, 5).mapToObj(i -> TestEvents.publish(EventType.PROXY_PROBED,
                new HealthData(proxy, HealthState.HEALTHY, HealthState.HEALTHY, 12L, 0, 90, null, Instant.now(), false))).toList();
        // The same key, so the same partition: once the transition is applied, every probe before it was consumed.
        CloudEvent<EventData> transition = TestEvents.publish(EventType.PROXY_HEALTH_CHANGED,
                new HealthData(proxy, HealthState.HEALTHY, HealthState.DEGRADED, 700L, 0, 60, null, Instant.now(), false));

        awaitSql(consumed(List.of(transition)), 1);
        assertThat(Fleet.sql(consumed(probes))).isZero();
    }

    private static String consumed(List<CloudEvent<EventData>> events) {
        return "SELECT count(*) FROM consumed_event WHERE event_id IN ("
                + events.stream().map(event -> "'" + event.id() + "'").collect(Collectors.joining(",")) + ")";
    }

    /** A record of this type and JSON value on account-events, whatever topic the type belongs to. */
    private static void sendOnAccountEvents(EventType type, String key, String json) {
        ProducerRecord<String, byte[]> template = CloudEvent.create(type, "/test", type == EventType.PROXY_UPDATED
                ? Fleet.proxy(1, true, 3, 1) : new AccountData(key, "m", null, null)).toProducerRecord();
        TestEvents.send(new ProducerRecord<>(Topic.ACCOUNT_EVENTS.topicName(), null, key,
                json.getBytes(StandardCharsets.UTF_8), template.headers()));
    }

    private static String reason(ConsumerRecord<String, byte[]> dead) {
        return new String(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8);
    }
}
