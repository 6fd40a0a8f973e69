package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.messaging.ContractPartitioner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Settings published on {@code fleet-settings} take effect while the service runs, in selection and in the overall
 * state of {@code /api/status} and {@code /ws/status} (tests start with the fallback off, minimum score 20, strategy
 * priority), and a record without them brings the environment's back.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class LiveSettingsTest {

    /** Versions only rise, across the tests of this JVM. */
    private static final AtomicLong VERSION = new AtomicLong(System.currentTimeMillis());

    @TestHTTPResource("/ws/status")
    URI uri;
    @Inject
    Vertx vertx;

    @Test
    void fallbackMinimumScoreStrategyAndTheMasterSwitchApplyLiveAndResetToTheEnvironment() {
        String location = Events.newLocation();
        long id = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.proxy(id, location, null, true, 1));
        Events.health(id, HealthState.HEALTHY, 120, 50, 0);
        awaitStatus(location, s -> "healthy".equals(s.getString("proxies.find { it.id == " + id + " }.health")));
        String down = Events.newLocation();
        long failed = Events.proxy(down, null);
        Events.health(failed, HealthState.FAILED, 0, 0, 5);
        assertThat(overall(awaitStatus(down, s -> s.getInt("counts.failed") == 1)))
                .isEqualTo("error false all proxies down, requests will fail");
        String nowhere = Events.newLocation();
        best(nowhere).statusCode(404);
        try (StatusListener client = new StatusListener(vertx, uri)) {
            publish(null, true, null, null);
            eventually(() -> best(nowhere).statusCode(200).body("direct", equalTo(true)));
            awaitStatus(down, s -> overall(s).equals("degraded true all proxies down, using direct connection"));

            publish(null, null, 90, "health-score");
            eventually(() -> best(location).statusCode(404).body("detail", containsString("at least 90")));
            best(nowhere).statusCode(404);
            awaitStatus(down, s -> overall(s).equals("error false all proxies down, requests will fail"));

            publish(false, null, null, null);
            eventually(() -> best(location).statusCode(200).body("direct", equalTo(true)));
            given().queryParam("pool", "pool-" + Events.nextId()).get("/api/keys/next")
                    .then().statusCode(200).body("direct", equalTo(true));
            String disabled = "disabled true proxy system disabled, using direct connection";
            assertThat(overall(Events.status(Map.of()))).isEqualTo(disabled);
            JsonNode pushed = client.await(m -> "disabled".equals(m.path("overall").asText()));
            assertThat(pushed.path("overall").asText() + " " + pushed.path("direct").asBoolean() + " "
                    + pushed.path("message").asText()).isEqualTo(disabled);
        } finally {
            publish(null, null, null, null);
        }
        eventually(() -> best(location).statusCode(200).body("id", equalTo(id)));
        awaitStatus(down, s -> s.getString("overall").equals("error"));
    }

    private static String overall(JsonPath status) {
        return status.getString("overall") + " " + status.getString("direct") + " " + status.getString("message");
    }

    private static ValidatableResponse best(String location) {
        return given().queryParam("location", location).get("/api/proxies/best").then();
    }

    private static void eventually(Runnable assertion) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion::run);
    }

    private static void publish(Boolean proxySystemEnabled, Boolean fallbackToDirect, Integer minScore,
            String defaultStrategy) {
        TestEvents.publish(EventType.SETTINGS_CHANGED, new SettingsData(proxySystemEnabled, null, null, null, null,
                null, fallbackToDirect, defaultStrategy, minScore, null, null, null, null, VERSION.incrementAndGet(),
                "test-admin", Instant.now()), ContractPartitioner.SETTINGS_PARTITION);
    }
}
