package dev.proxyfleet.status.selection;

import static dev.proxyfleet.status.Events.awaitStatus;
import static dev.proxyfleet.status.Events.health;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestLog;
import dev.proxyfleet.status.Events;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/proxies/best} while a provider is in outage ({@code provider-health} on the real broker): every
 * strategy hands out a proxy of another provider, though the outage provider's working proxy ranks first by each; it
 * hands out the outage provider's proxy only when none of another provider qualifies, and says so in its log line and
 * its outcome.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class OutageSelectionTest {

    private static final List<String> STRATEGIES =
            List.of("priority", "round-robin", "least-errors", "weighted-random", "health-score");

    @Test
    void everyStrategyPrefersProvidersNotInOutageAndFallsBackToTheOutageProviderOnlyWhenNoOtherQualifies() {
        String location = Events.newLocation();
        long down = Events.provider("Down-" + Events.nextId(), "1.00");
        long up = Events.provider("Up-" + Events.nextId(), "1.00");
        // The outage provider's working proxy ranks first by every strategy that ranks.
        long first = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.withPriority(Events.proxy(first, location, down, true, 1), 0));
        health(first, HealthState.HEALTHY, 5, 100, 0);
        long other = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.withPriority(Events.proxy(other, location, up, true, 1), 5));
        health(other, HealthState.DEGRADED, 900, 30, 0);
        awaitStatus(location, s -> "healthy".equals(stateOf(s, first)) && "degraded".equals(stateOf(s, other)));
        assertThat(best("priority", location)).as("before the outage").isEqualTo(first);

        TestEvents.publish(EventType.PROVIDER_OUTAGE_STARTED, new ProviderOutageData(down, 0.8, Instant.now()));
        awaitOutage(down, true);

        for (String strategy : STRATEGIES) {
            IntStream.range(0, 5).forEach(i -> assertThat(best(strategy, location)).as(strategy).isEqualTo(other));
        }
        assertThat(TestLog.withCode("PF-SELECT-001")).anySatisfy(line -> assertThat(line.path("message").asText())
                .startsWith("PF-SELECT-001 proxy selected: proxy " + other + ", strategy priority matching location="
                        + location + ";").contains("provider-outage=1"));

        // The other provider's proxy fails: the outage provider's proxy is all that is left, and handed out.
        double inOutageBefore = SelectionDecisionsTest.selections("priority", "selected_in_outage");
        health(other, HealthState.FAILED, 900, 0, 3);
        awaitStatus(location, s -> "failed".equals(stateOf(s, other)));
        assertThat(best("priority", location)).isEqualTo(first);
        assertThat(SelectionDecisionsTest.selections("priority", "selected_in_outage")).isEqualTo(inOutageBefore + 1);
        assertThat(TestLog.withCode("PF-SELECT-001")).anySatisfy(line -> assertThat(line.path("message").asText())
                .startsWith("PF-SELECT-001 proxy selected: proxy " + first + " (its provider in outage), strategy priority"
                        + " matching location=" + location + ";"));

        health(other, HealthState.HEALTHY, 900, 60, 0);
        TestEvents.publish(EventType.PROVIDER_OUTAGE_ENDED, new ProviderOutageData(down, 0.1, Instant.now()));
        awaitOutage(down, false);
        awaitStatus(location, s -> "healthy".equals(stateOf(s, other)));
        assertThat(best("priority", location)).as("after the outage").isEqualTo(first);
    }

    private static String stateOf(io.restassured.path.json.JsonPath status, long proxy) {
        return status.getString("proxies.find { it.id == " + proxy + " }.health");
    }

    private static void awaitOutage(long provider, boolean inOutage) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> Events
                .status(Map.of()).getList("outages.providerId", Long.class).contains(provider) == inOutage);
    }

    private static long best(String strategy, String location) {
        return given().queryParam("strategy", strategy).queryParam("location", location)
                .get("/api/proxies/best").then().statusCode(200).extract().jsonPath().getLong("id");
    }
}
