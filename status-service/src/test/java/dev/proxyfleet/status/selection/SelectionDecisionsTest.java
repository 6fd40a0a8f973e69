package dev.proxyfleet.status.selection;

import static dev.proxyfleet.status.Events.awaitStatus;
import static dev.proxyfleet.status.Events.health;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestLog;
import dev.proxyfleet.localinfra.TestTokens;
import dev.proxyfleet.status.Events;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Each best-proxy and key decision is a DEBUG line of the selection category with its code as the JSON field
 * {@code mdc.code} and the others' skip reasons in counts, and is counted in {@code fleet_selections_total}; the
 * providers' proxies by state and their utilisation are gauges.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class SelectionDecisionsTest {

    @Test
    void aSelectionAndANotFoundAreLoggedWithTheirCodesAndSkipReasonsAndCounted() {
        String location = Events.newLocation();
        long chosen = Events.proxy(location, null);
        health(chosen, HealthState.HEALTHY, 10, 90, 0);
        long failed = Events.proxy(location, null);
        health(failed, HealthState.FAILED, 10, 0, 3);
        long disabled = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.proxy(disabled, location, null, false, 1));
        health(disabled, HealthState.HEALTHY, 10, 90, 0);
        awaitStatus(location, s -> s.getList("proxies").size() == 3
                && "failed".equals(s.getString("proxies.find { it.id == " + failed + " }.health"))
                && "healthy".equals(s.getString("proxies.find { it.id == " + disabled + " }.health"))
                && "healthy".equals(s.getString("proxies.find { it.id == " + chosen + " }.health")));
        double selectedBefore = selections("priority", "selected");
        double notFoundBefore = selections("priority", "not_found");

        String nowhere = Events.newLocation();
        given().queryParam("strategy", "priority").queryParam("location", location).get("/api/proxies/best")
                .then().statusCode(200);
        given().queryParam("strategy", "priority").queryParam("location", nowhere).get("/api/proxies/best")
                .then().statusCode(404);

        JsonNode selected = only("PF-SELECT-001", "location=" + location + ";");
        assertThat(selected.path("level").asText()).isEqualTo("DEBUG");
        assertThat(selected.path("loggerName").asText()).startsWith("dev.proxyfleet.status.selection");
        assertThat(selected.path("message").asText())
                .startsWith("PF-SELECT-001 proxy selected: proxy " + chosen + ", strategy priority matching location=")
                .contains("disabled=1", "failed=1");
        assertThat(only("PF-SELECT-003", "location=" + nowhere + ";").path("message").asText())
                .startsWith("PF-SELECT-003 no proxy found: strategy priority");
        assertThat(selections("priority", "selected")).isEqualTo(selectedBefore + 1);
        assertThat(selections("priority", "not_found")).isEqualTo(notFoundBefore + 1);
    }

    @Test
    void aKeyHandedOutAndAnEmptyPoolAreLoggedWithTheirCodesAndCounted() {
        String location = Events.newLocation();
        long proxy = Events.proxy(location, null);
        health(proxy, HealthState.HEALTHY, 10, 90, 0);
        String pool = "pool-" + Events.nextId();
        long key = Events.key(proxy, pool).id();
        awaitStatus(location, s -> Integer.valueOf(1).equals(s.get("proxies.find { it.id == " + proxy + " }.keys"))
                && "healthy".equals(s.getString("proxies.find { it.id == " + proxy + " }.health")));
        double selectedBefore = selections(SelectionDecisions.KEY_STRATEGY, "selected");

        String empty = "pool-" + Events.nextId();
        consumer().queryParam("pool", pool).get("/api/keys/next").then().statusCode(200);
        consumer().queryParam("pool", empty).get("/api/keys/next").then().statusCode(404);

        assertThat(only("PF-KEY-001", "pool '" + pool + "'").path("message").asText())
                .startsWith("PF-KEY-001 key selected: key " + key + " on proxy " + proxy)
                .contains("of its 1 keys, 0 are exhausted").doesNotContain(Events.SECRET);
        assertThat(only("PF-KEY-003", "pool '" + empty + "'").path("message").asText())
                .isEqualTo("PF-KEY-003 no usable key: pool '" + empty + "' has no API keys");
        assertThat(selections(SelectionDecisions.KEY_STRATEGY, "selected")).isEqualTo(selectedBefore + 1);
        assertThat(selections(SelectionDecisions.KEY_STRATEGY, "not_found")).isPositive();
    }

    @Test
    void providersProxiesByStateAndUtilisationAreGauges() {
        String name = "provider-" + Events.nextId();
        long provider = Events.provider(name, "2.00");
        String location = Events.newLocation();
        long healthy = Events.proxy(location, provider);
        health(healthy, HealthState.HEALTHY, 10, 90, 0);
        long failed = Events.proxy(location, provider);
        health(failed, HealthState.FAILED, 10, 0, 3);
        Events.assign("account-" + Events.nextId(), "model-a", healthy);

        // The gauges are measured every 10 s.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics())
                .contains("fleet_provider_proxies{provider=\"" + name + "\",state=\"healthy\"} 1.0")
                .contains("fleet_provider_proxies{provider=\"" + name + "\",state=\"failed\"} 1.0")
                .contains("fleet_provider_proxies{provider=\"" + name + "\",state=\"degraded\"} 0.0")
                // one account of 2 proxies × 3
                .contains("fleet_provider_utilisation{provider=\"" + name + "\"} 0.16666"));
    }

    /** The one line of the code that mentions {@code marker}: the decision is logged before the answer is sent. */
    private static JsonNode only(String code, String marker) {
        List<JsonNode> matching = TestLog.withCode(code).stream().filter(line -> line.path("message").asText().contains(marker)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static io.restassured.specification.RequestSpecification consumer() {
        return given().header("Authorization", "Bearer " + TestTokens.CONSUMER);
    }

    /** {@code fleet_selections_total} of this strategy and outcome now. */
    static double selections(String strategy, String outcome) {
        String prefix = "fleet_selections_total{outcome=\"" + outcome + "\",strategy=\"" + strategy + "\"} ";
        // the value, then maybe an exemplar (# {span_id=...})
        return metrics().lines().filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(
                line.substring(prefix.length()).split(" ")[0])).findFirst().orElse(0);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
