package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AssignmentStateData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.messaging.MessageRetention;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.projection.StatusEventHandler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The read model from real Kafka into real PostgreSQL: idempotent, guarded by version and time, rebuildable, and
 * following an account from pending to assigned or released; the ids of applied events are kept for their retention.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ReadModelTest {

    @Inject
    KafkaClientService kafka;
    @Inject
    FleetModel model;
    @Inject
    MessageRetention retention;

    /** What every read API says about the fleet. */
    private static String everything() {
        return given().get("/api/status").then().statusCode(200).extract().asString()
                + given().get("/api/providers/stats").then().statusCode(200).extract().asString()
                + given().get("/api/models").then().statusCode(200).extract().asString()
                + given().get("/api/exports/mapping.csv").then().statusCode(200).extract().asString();
    }

    @Test
    void olderVersionOrOlderProbeNeverOverwritesNewerState() {
        String location = Events.newLocation();
        long id = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.withPriority(Events.proxy(id, location, null, true, 3), 7));
        Instant now = Instant.now();
        TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(id, HealthState.HEALTHY, 15L, 0, 90, null, now));
        awaitStatus(location, s -> "healthy".equals(s.getString("proxies[0].health")));

        TestEvents.publish(EventType.PROXY_UPDATED, Events.withPriority(Events.proxy(id, location, null, false, 2), 1));
        TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(id, HealthState.FAILED, null, 3, 0, "timeout",
                now.minusSeconds(60)));
        ConsumerLag.awaitCaughtUp();

        var status = Events.status(Map.of("location", location));
        assertThat(status.getBoolean("proxies[0].enabled")).isTrue();
        assertThat(status.getString("proxies[0].health")).isEqualTo("healthy");
        assertThat(status.getLong("proxies[0].latencyMs")).isEqualTo(15);
    }

    @Test
    void sameEventsTwiceGiveTheSameModel() {
        String location = Events.newLocation();
        long id = Events.nextId();
        List<CloudEvent<EventData>> events = List.of(
                TestEvents.publish(EventType.PROXY_CREATED, Events.proxy(id, location, null, true, 1)),
                TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(id, HealthState.HEALTHY, 20L, 0, 80, null,
                        Instant.now())),
                TestEvents.publish(EventType.ASSIGNMENT_STATE, new AssignmentStateData("acc-" + id, "m-1", null, id, Instant.now())));
        awaitStatus(location, s -> s.getInt("proxies[0].accounts") == 1 && "healthy".equals(s.getString("proxies[0].health")));
        ConsumerLag.awaitCaughtUp();
        String before = everything();

        events.forEach(event -> TestEvents.send(event.toProducerRecord()));
        ConsumerLag.awaitCaughtUp();

        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void pendingAccountsMoveOnWhenAssignedOrReleased() {
        String location = Events.newLocation();
        long proxy = Events.proxy(location, null);
        String model = "m-" + location;
        Events.pending("acc-assigned-" + proxy, model);
        Events.pending("acc-released-" + proxy, model);
        awaitModel(model, 0, 2);

        Events.assign("acc-assigned-" + proxy, model, proxy);
        Events.released("acc-released-" + proxy, model, null);

        awaitStatus(location, s -> s.getInt("proxies[0].accounts") == 1 && model.equals(s.getString("proxies[0].modelId")));
        awaitModel(model, 1, 0);
    }

    @Test
    void countsEachReportedUseOnceWithItsOutcomeAndKeepsTheNewestUsesTime() {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant newest = now.plusSeconds(3);
        CloudEvent<EventData> success = TestEvents.publish(EventType.PROXY_USED,
                new UsageData(id, "acc-1", UsageOutcome.SUCCESS, 80L, null, now));
        TestEvents.publish(EventType.PROXY_USED, new UsageData(id, "acc-1", UsageOutcome.SUCCESS, 90L, null, newest));
        TestEvents.publish(EventType.PROXY_USED, new UsageData(id, "acc-2", UsageOutcome.SUCCESS, 70L, null, now));
        TestEvents.publish(EventType.PROXY_USED, new UsageData(id, "acc-2", UsageOutcome.FAILURE, null, "Timeout",
                now.plusSeconds(1)));
        TestEvents.send(success.toProducerRecord());

        var used = awaitStatus(location, s -> s.getInt("proxies[0].uses") == 4);
        ConsumerLag.awaitCaughtUp();
        used = Events.status(Map.of("location", location));

        assertThat(used.getInt("proxies[0].uses")).as("the report delivered twice counts once").isEqualTo(4);
        assertThat(used.getInt("proxies[0].useFailures")).isEqualTo(1);
        assertThat(Instant.parse(used.getString("proxies[0].lastUsedAt"))).isEqualTo(newest);
    }

    @Test
    void showsTheNewestProbesErrorUntilASuccessAndWhenTheNewestAccountWasPlaced() {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(id, HealthState.FAILED, null, 2, 10,
                "proxy authentication failed", now));
        Instant placed = now.plusSeconds(5);
        TestEvents.publish(EventType.ASSIGNMENT_STATE, new AssignmentStateData("acc-first-" + id, "m-1", null, id, now));
        TestEvents.publish(EventType.ASSIGNMENT_STATE, new AssignmentStateData("acc-newest-" + id, "m-1", null, id, placed));

        var failed = awaitStatus(location, s -> s.getInt("proxies[0].accounts") == 2
                && "failed".equals(s.getString("proxies[0].health")));
        assertThat(failed.getString("proxies[0].lastError")).isEqualTo("proxy authentication failed");
        assertThat(Instant.parse(failed.getString("proxies[0].lastAssignedAt"))).isEqualTo(placed);

        TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(id, HealthState.HEALTHY, 30L, 0, 90, null,
                now.plusSeconds(10)));
        var recovered = awaitStatus(location, s -> "healthy".equals(s.getString("proxies[0].health")));
        assertThat(recovered.getString("proxies[0].lastError")).isNull();
    }

    /** Waits until {@code /api/models} counts these assigned and pending accounts of the model. */
    private static void awaitModel(String model, int accounts, int pending) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().get("/api/models").then().statusCode(200).extract().jsonPath()
                        .getMap("find { it.modelId == '" + model + "' }"),
                        figures -> figures != null && figures.get("accounts").equals(accounts) && figures.get("pending").equals(pending));
    }

    @Test
    void replayingAllTopicsIntoAnEmptyDatabaseGivesTheSameModel() throws Exception {
        String location = Events.newLocation();
        long provider = Events.provider("Rebuild-" + location, "3.00");
        long proxy = Events.proxy(location, provider);
        Events.health(proxy, HealthState.DEGRADED, 700, 45, 1);
        Events.assign("acc-" + proxy, "m-rebuild", proxy);
        Events.pending("acc-waiting-" + proxy, "m-rebuild");
        TestEvents.publish(EventType.PROVIDER_OUTAGE_STARTED, new ProviderOutageData(provider, 0.6, Instant.now()));
        awaitStatus(location, s -> s.getInt("proxies[0].accounts") == 1 && "degraded".equals(s.getString("proxies[0].health"))
                && s.getList("outages.providerId", Long.class).contains(provider));
        ConsumerLag.awaitCaughtUp();
        String before = everything();

        replayIntoAnEmptyModel();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> everything().equals(before));
        // Other tests see no outage of this one.
        TestEvents.publish(EventType.PROVIDER_OUTAGE_ENDED, new ProviderOutageData(provider, 0.1, Instant.now()));
        awaitStatus(location, s -> !s.getList("outages.providerId", Long.class).contains(provider));
    }

    /**
     * A rebuild after the retention of the delete-cleanup topics: every record of {@code assignment-events} and
     * {@code proxy-health} deleted on the broker, the read model emptied, every topic read again from its start. The
     * rebuilt model shows what the live one did: accounts per proxy, models, pending accounts, health, latency, score.
     */
    @Test
    void rebuildingAfterTheHistoryTopicsAreDeletedGivesTheLiveModel() throws Exception {
        String location = Events.newLocation();
        long provider = Events.provider("Retention-" + location, "4.00");
        long healthy = Events.proxy(location, provider);
        long degraded = Events.proxy(location, provider);
        long failed = Events.proxy(location, null);
        String modelId = "m-" + location;
        Events.health(healthy, HealthState.DEGRADED, 1900, 60, 0);
        Events.health(healthy, HealthState.HEALTHY, 40, 95, 0);
        Events.health(degraded, HealthState.DEGRADED, 2500, 50, 1);
        Events.health(failed, HealthState.FAILED, 0, 10, 3);
        Events.assign("acc-1-" + location, modelId, healthy);
        Events.assign("acc-2-" + location, modelId, healthy);
        Events.assign("acc-moved-" + location, modelId, healthy);
        Events.assign("acc-moved-" + location, modelId, degraded);
        Events.pending("acc-waiting-" + location, modelId);
        Events.assign("acc-gone-" + location, modelId, degraded);
        Events.released("acc-gone-" + location, modelId, degraded);
        awaitStatus(location, s -> s.getInt("proxies.find { it.id == " + healthy + " }.accounts") == 2
                && s.getInt("proxies.find { it.id == " + degraded + " }.accounts") == 1
                && "failed".equals(s.getString("proxies.find { it.id == " + failed + " }.health")));
        awaitModel(modelId, 3, 1);
        ConsumerLag.awaitCaughtUp();
        String live = everything();

        deleteEveryRecord(Topic.ASSIGNMENT_EVENTS, Topic.PROXY_HEALTH);
        replayIntoAnEmptyModel();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> everything().equals(live));
        awaitModel(modelId, 3, 1);
    }

    /** What the retention does to a delete-cleanup topic at last: every record of every partition gone. */
    private static void deleteEveryRecord(Topic... topics) throws Exception {
        try (Admin admin = ConsumerLag.admin()) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (Topic topic : topics) {
                for (int partition = 0; partition < TestInfra.PARTITIONS; partition++) {
                    ends.put(new TopicPartition(topic.topicName(), partition), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
            admin.listOffsets(ends).all().get().forEach((partition, end) ->
                    before.put(partition, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(before).all().get();
            Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
            ends.keySet().forEach(partition -> starts.put(partition, OffsetSpec.earliest()));
            admin.listOffsets(starts).all().get().forEach((partition, start) ->
                    assertThat(start.offset()).as("first offset of %s", partition)
                            .isEqualTo(before.get(partition).beforeOffset()));
        }
    }

    @Test
    void noSecretInAnyAnswerNorInTheDatabase() throws SQLException {
        String location = Events.newLocation();
        long proxy = Events.proxy(location, null);
        Events.health(proxy, HealthState.HEALTHY, 5, 99, 0);
        Events.assign("acc-" + proxy, "m-secret", proxy);
        Events.key(proxy, "pool-" + proxy);
        awaitStatus(location, s -> s.getInt("proxies[0].accounts") == 1 && "healthy".equals(s.getString("proxies[0].health"))
                && s.getInt("proxies[0].keys") == 1);

        String answers = everything()
                + given().get("/api/proxies/best?location=" + location).then().statusCode(200).extract().asString()
                + given().get("/api/ui/config").then().statusCode(200).extract().asString();

        assertThat(answers).contains(Long.toString(proxy)).doesNotContain(Events.SECRET)
                .doesNotContain("passwordCiphertext").doesNotContain("keyId").doesNotContain("proxyUrl");
        assertThat(dump()).contains(Long.toString(proxy)).doesNotContain(Events.SECRET);
    }

    @Test
    void appliedEventIdsAreForgottenAfterTheDedupeRetentionOnly() throws SQLException {
        UUID expired = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        execute("INSERT INTO consumed_event (event_id, topic, consumed_at) VALUES ('" + expired
                + "', 'proxy-health', now() - interval '8 days'), ('" + kept + "', 'proxy-health', now() - interval '6 days')");

        retention.purge().await().atMost(Duration.ofSeconds(30));

        List<UUID> left = new ArrayList<>();
        try (Connection connection = connect()) {
            var rs = connection.createStatement().executeQuery(
                    "SELECT event_id FROM consumed_event WHERE event_id IN ('" + expired + "', '" + kept + "')");
            while (rs.next()) {
                left.add(rs.getObject(1, UUID.class));
            }
        }
        assertThat(left).containsExactly(kept);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestInfra.get().jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static void execute(String statement) throws SQLException {
        try (Connection connection = connect()) {
            connection.createStatement().execute(statement);
        }
    }

    /** Every row of the read model's tables as text. */
    private static String dump() throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection connection = connect()) {
            for (String table : List.of("proxy", "proxy_health", "proxy_usage", "provider", "account", "api_key")) {
                var rs = connection.createStatement().executeQuery("SELECT t::text FROM " + table + " t");
                while (rs.next()) {
                    all.append(rs.getString(1)).append('\n');
                }
            }
        }
        return all.toString();
    }

    /**
     * Empties the read model and has every consumer read its topic again from the start. The API keys keep their rows:
     * a key's exhaustion is reported over REST, not on Kafka, so a rebuild forgets it (docs/api-consumers.md), and
     * the keys' events replay onto rows of the same versions.
     */
    private void replayIntoAnEmptyModel() throws SQLException {
        execute("TRUNCATE proxy, proxy_health, proxy_usage, provider, account, proxy_credential, provider_outage, consumed_event");
        model.changed(null);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/api/status").then().extract().jsonPath().getInt("total") == 0);
        for (Topic topic : StatusEventHandler.TOPICS) {
            for (KafkaConsumer<Object, Object> consumer : kafka.getConsumers(topic.topicName())) {
                consumer.getAssignments().chain(consumer::seekToBeginning).await().atMost(Duration.ofSeconds(10));
            }
        }
    }
}
