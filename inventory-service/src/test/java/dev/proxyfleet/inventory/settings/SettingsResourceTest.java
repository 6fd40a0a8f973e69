package dev.proxyfleet.inventory.settings;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /api/settings}: validated merge-patches, each change published whole on {@code fleet-settings} with the
 * admin who made it, and audited. The settings are one row for the whole service, so every test reads the version it starts from.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class SettingsResourceTest {

    private static final String ADMIN_NAME = "test-admin";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aChangeIsStoredWithItsActorAndPublishedWholeUnderTheOneKey() throws Exception {
        try (TopicReader topic = new TopicReader(Topic.FLEET_SETTINGS.topicName())) {
            long before = version();

            JsonPath changed = patch(Map.of("fall", 4, "healthCheckIntervalMs", 15_000, "defaultStrategy", "round-robin"))
                    .statusCode(200).extract().jsonPath();

            assertThat(changed.getInt("fall")).isEqualTo(4);
            assertThat(changed.getLong("healthCheckIntervalMs")).isEqualTo(15_000L);
            assertThat(changed.getString("defaultStrategy")).isEqualTo("round-robin");
            assertThat(changed.getLong("version")).isEqualTo(before + 1);
            assertThat(changed.getString("changedBy")).isEqualTo(ADMIN_NAME);
            SettingsData published = settingsOf(topic.await(r -> r.value() != null
                    && settingsOf(r).version() == before + 1, 1, WAIT).get(0));
            assertThat(published.fall()).isEqualTo(4);
            assertThat(published.healthCheckIntervalMs()).isEqualTo(15_000L);
            assertThat(published.defaultStrategy()).isEqualTo("round-robin");
            assertThat(published.changedBy()).isEqualTo(ADMIN_NAME);
            assertThat(published.changedAt()).isEqualTo(Instant.parse(changed.getString("changedAt")));
            JsonPath audit = given().queryParam("entity", "settings").queryParam("size", 1).get("/api/audit")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(audit.getString("items[0].actor")).isEqualTo(ADMIN_NAME);
            assertThat(audit.getString("items[0].action")).isEqualTo("updated");
            assertThat(audit.getInt("items[0].changes.fall.new")).isEqualTo(4);
            assertThat(audit.getLong("items[0].changes.healthCheckIntervalMs.new")).isEqualTo(15_000L);
            assertThat(audit.getString("items[0].changes.defaultStrategy.new")).isEqualTo("round-robin");
            assertThat(audit.getMap("items[0].changes").keySet()).as("only what changed, no bookkeeping")
                    .isSubsetOf("fall", "healthCheckIntervalMs", "defaultStrategy");
            assertThat(given().get("/api/settings").then().statusCode(200).extract().jsonPath().getInt("fall"))
                    .isEqualTo(4);
        }
    }

    @Test
    void nullResetsASettingToTheStartUpDefault() {
        patch(Map.of("rise", 5)).statusCode(200);
        Map<String, Object> reset = new HashMap<>();
        reset.put("rise", null);

        JsonPath after = patch(reset).statusCode(200).extract().jsonPath();

        assertThat(after.getString("rise")).isNull();
        assertThat(after.getMap("$")).as("a reset setting is shown as null").containsKey("rise");
    }

    /** Versions on the topic rise by exactly one per change: a patch changing nothing publishes nothing between them. */
    @Test
    void aPatchThatChangesNothingKeepsTheVersionAndPublishesNothing() {
        try (TopicReader topic = new TopicReader(Topic.FLEET_SETTINGS.topicName())) {
            patch(Map.of("minScore", 30)).statusCode(200);
            long version = version();

            long audited = settingsEntries();
            assertThat(patch(Map.of("minScore", 30)).statusCode(200).extract().jsonPath().getLong("version"))
                    .isEqualTo(version);
            assertThat(settingsEntries()).as("a patch that changes nothing is not audited").isEqualTo(audited);
            patch(Map.of("minScore", 31)).statusCode(200);

            List<Long> published = topic.await(r -> r.value() != null && settingsOf(r).version() >= version, 2, WAIT)
                    .stream().map(r -> settingsOf(r).version()).toList();
            assertThat(published).containsExactly(version, version + 1);
        }
    }

    /** Concurrent changes are applied one after the other: none is lost, each has its own version. */
    @Test
    void concurrentChangesOfDifferentSettingsAllLand() {
        long before = version();
        long audited = settingsEntries();
        List<Map<String, Object>> patches = List.of(Map.of("autoDisable", true), Map.of("fallbackToDirect", false),
                Map.of("healthCheckTimeoutMs", 2_500), Map.of("proxySystemEnabled", true));

        List<Long> versions = patches.stream()
                .map(body -> CompletableFuture.supplyAsync(() -> patch(body).statusCode(200)
                        .extract().jsonPath().getLong("version")))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(versions).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, patches.size()).mapToObj(i -> before + i).toList());
        assertThat(settingsEntries()).as("each change audited").isEqualTo(audited + patches.size());
        JsonPath after = given().get("/api/settings").then().statusCode(200).extract().jsonPath();
        assertThat(after.getBoolean("autoDisable")).isTrue();
        assertThat(after.getBoolean("fallbackToDirect")).isFalse();
        assertThat(after.getLong("healthCheckTimeoutMs")).isEqualTo(2_500L);
        assertThat(after.getBoolean("proxySystemEnabled")).isTrue();
    }

    @Test
    void outageThresholdsArePublishedAndAnEndThresholdNotBelowTheStartIsRefused() {
        try (TopicReader topic = new TopicReader(Topic.FLEET_SETTINGS.topicName())) {
            long before = version();

            patch(Map.of("outageThreshold", 0.6, "outageEndThreshold", 0.2, "outageMinProxies", 3)).statusCode(200);

            SettingsData published = settingsOf(topic.await(r -> r.value() != null
                    && settingsOf(r).version() == before + 1, 1, WAIT).get(0));
            assertThat(published.outageThreshold()).isEqualTo(0.6);
            assertThat(published.outageEndThreshold()).isEqualTo(0.2);
            assertThat(published.outageMinProxies()).isEqualTo(3);
            assertFieldError(patch(Map.of("outageEndThreshold", 0.6)), "outageEndThreshold");
            assertThat(version()).isEqualTo(before + 1);
            Map<String, Object> reset = new HashMap<>();
            reset.put("outageThreshold", null);
            reset.put("outageEndThreshold", null);
            reset.put("outageMinProxies", null);
            assertThat(patch(reset).statusCode(200).extract().jsonPath().getString("outageThreshold")).isNull();
        }
    }

    @Test
    void whetherAnExitIpChangeMovesAccountsIsStoredPublishedAndResetToTheStartUpDefault() {
        try (TopicReader topic = new TopicReader(Topic.FLEET_SETTINGS.topicName())) {
            long before = version();

            patch(Map.of("exitIpChangeMovesAccounts", true)).statusCode(200);

            assertThat(given().get("/api/settings").then().statusCode(200).extract().jsonPath()
                    .getBoolean("exitIpChangeMovesAccounts")).isTrue();
            assertThat(published(topic, before + 1).exitIpChangeMovesAccounts()).isTrue();
            Map<String, Object> reset = new HashMap<>();
            reset.put("exitIpChangeMovesAccounts", null);
            assertThat(patch(reset).statusCode(200).extract().jsonPath().getString("exitIpChangeMovesAccounts"))
                    .isNull();
            assertThat(published(topic, before + 2).exitIpChangeMovesAccounts()).as("absent: the start-up default")
                    .isNull();
        }
    }

    static Stream<Arguments> invalidPatches() {
        return Stream.of(
                arguments("fall", 0), arguments("fall", 11), arguments("rise", 0), arguments("rise", 11),
                arguments("healthCheckIntervalMs", 999), arguments("healthCheckTimeoutMs", 60_001),
                arguments("minScore", -1), arguments("minScore", 101), arguments("defaultStrategy", "fastest"),
                arguments("outageThreshold", 0), arguments("outageThreshold", 1.5),
                arguments("outageEndThreshold", 1), arguments("outageMinProxies", 0),
                arguments("fall", "four"), arguments("exitIpChangeMovesAccounts", "sometimes"),
                arguments("version", 7), arguments("changedBy", "mallory"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidPatches")
    void refusesAValueOutsideTheContractNamingTheFieldAndChangesNothing(String field, Object value) {
        long before = version();

        assertFieldError(patch(Map.of(field, value)), field);

        assertThat(version()).isEqualTo(before);
    }

    private static ValidatableResponse patch(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).patch("/api/settings").then();
    }

    private static long version() {
        return given().accept(ContentType.JSON).get("/api/settings").then().statusCode(200)
                .extract().jsonPath().getLong("version");
    }

    private static long settingsEntries() {
        return given().queryParam("entity", "settings").get("/api/audit").then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    /** The settings of this version as published on the topic. */
    private static SettingsData published(TopicReader topic, long version) {
        return settingsOf(topic.await(r -> r.value() != null && settingsOf(r).version() == version, 1, WAIT).get(0));
    }

    private static SettingsData settingsOf(ConsumerRecord<String, byte[]> record) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        assertThat(event.type()).isEqualTo(EventType.SETTINGS_CHANGED);
        assertThat(record.key()).isEqualTo(SettingsData.KEY);
        return (SettingsData) event.data();
    }
}
