package dev.proxyfleet.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Clients' reports on {@code proxy-usage} count into a proxy's statistics, score and state, each event once. */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
public class UsageReportsTest {

    /** A client's report of one use of the proxy. */
    public static CloudEvent<EventData> used(long proxyId, UsageOutcome outcome) {
        return CloudEvent.create(EventType.PROXY_USED, "/worker", new UsageData(proxyId, "acc-1", outcome, 80L, "HTTP 502", Instant.now()));
    }

    private static void awaitUses(long proxyId, int uses, int failures) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/health/proxies/" + proxyId)
                .then().statusCode(200).body("uses", equalTo(uses)).body("useFailures", equalTo(failures)));
    }

    @Test
    void failedUsesFailAProxyAtUsageFallCountingARedeliveredEventOnce() {
        long proxyId = Inventory.nextId();
        try (HealthEvents events = new HealthEvents()) {
            CloudEvent<EventData> first = used(proxyId, UsageOutcome.FAILURE);
            TestEvents.send(first.toProducerRecord());
            TestEvents.send(first.toProducerRecord());
            for (int i = 0; i < 3; i++) {
                TestEvents.send(used(proxyId, UsageOutcome.FAILURE).toProducerRecord());
            }
            awaitUses(proxyId, 4, 4);
            given().get("/api/health/proxies/" + proxyId).then().body("state", equalTo("unknown"));

            TestEvents.send(used(proxyId, UsageOutcome.FAILURE).toProducerRecord());
            HealthData failed = events.awaitChange(proxyId, HealthState.UNKNOWN, HealthState.FAILED);

            assertThat(failed.error()).isEqualTo("5 consecutive failed uses reported, last: HTTP 502");
            assertThat(events.probes(proxyId)).isEmpty();
        }
    }

    @Test
    void successfulUseResetsTheFailureCountAndRaisesTheSuccessRate() {
        long proxyId = Inventory.nextId();
        for (int i = 0; i < 4; i++) {
            TestEvents.send(used(proxyId, UsageOutcome.FAILURE).toProducerRecord());
        }
        TestEvents.send(used(proxyId, UsageOutcome.SUCCESS).toProducerRecord());
        TestEvents.send(used(proxyId, UsageOutcome.FAILURE).toProducerRecord());
        awaitUses(proxyId, 6, 5);

        var health = given().get("/api/health/proxies/" + proxyId).then().extract().jsonPath();
        assertThat(health.getString("state")).isEqualTo("unknown");
        assertThat(health.getDouble("useSuccessRate")).isCloseTo(1 / 6.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(health.getList("log.source", String.class)).hasSize(6).containsOnly("usage");
    }
}
