package dev.proxyfleet.status.selection;

import static dev.proxyfleet.status.Events.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.messaging.ContractPartitioner;
import dev.proxyfleet.status.Events;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Selection settings published on {@code fleet-settings} take effect while the service runs (tests start with the
 * fallback off, minimum score 20, strategy priority), and a record without them brings the environment's back.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class LiveSelectionSettingsTest {

    /** Versions only rise, across the tests of this JVM. */
    private static final AtomicLong VERSION = new AtomicLong(System.currentTimeMillis());

    @Test
    void fallbackMinimumScoreStrategyAndTheMasterSwitchApplyLiveAndResetToTheEnvironment() {
        String location = Events.newLocation();
        long id = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.proxy(id, location, null, true, 1));
        Events.health(id, HealthState.HEALTHY, 120, 50, 0);
        awaitStatus(location, s -> "healthy".equals(s.getString("proxies.find { it.id == " + id + " }.health")));
        String nowhere = Events.newLocation();
        best(nowhere).statusCode(404);
        try {
            publish(null, true, null, null);
            eventually(() -> best(nowhere).statusCode(200).body("direct", equalTo(true)));

            publish(null, null, 90, "health-score");
            eventually(() -> best(location).statusCode(404).body("detail", containsString("at least 90")));
            best(nowhere).statusCode(404);

            publish(false, null, null, null);
            eventually(() -> best(location).statusCode(200).body("direct", equalTo(true)));
            given().queryParam("pool", "pool-" + Events.nextId()).get("/api/keys/next")
                    .then().statusCode(200).body("direct", equalTo(true));
        } finally {
            publish(null, null, null, null);
        }
        eventually(() -> best(location).statusCode(200).body("id", equalTo(id)));
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
                null, fallbackToDirect, defaultStrategy, minScore, VERSION.incrementAndGet(), "test-admin",
                Instant.now()), ContractPartitioner.SETTINGS_PARTITION);
    }
}
