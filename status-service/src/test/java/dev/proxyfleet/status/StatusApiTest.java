package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitProxies;
import static dev.proxyfleet.status.Events.awaitStatus;
import static dev.proxyfleet.status.Events.health;
import static dev.proxyfleet.status.Events.newLocation;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/status}: the overall state in every case, counts and filters, from events on the real broker. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class StatusApiTest {

    private static String overall(String location) {
        return Events.status(Map.of("location", location)).getString("overall");
    }

    @Test
    void readinessIncludesTheLoadedModel() {
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("checks.find { it.name == 'status model' }.status")).isEqualTo("UP");
    }

    @Test
    void overallIsEmptyWhenNoEnabledProxy() {
        String location = newLocation();
        long id = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.proxy(id, location, null, false, 1));
        health(id, HealthState.HEALTHY, 10, 90, 0);

        awaitStatus(location, s -> "healthy".equals(s.getString("proxies[0].health")));
        assertThat(overall(location)).isEqualTo("empty");
    }

    @Test
    void overallIsHealthyWhenEveryEnabledProxyIsHealthy() {
        String location = newLocation();
        long first = Events.proxy(location, null);
        long second = Events.proxy(location, null);
        health(first, HealthState.HEALTHY, 10, 90, 0);
        health(second, HealthState.HEALTHY, 20, 80, 0);

        JsonPath status = awaitStatus(location, s -> s.getInt("counts.healthy") == 2);
        assertThat(status.getString("overall")).isEqualTo("healthy");
        assertThat(status.getInt("enabled")).isEqualTo(2);
    }

    @Test
    void overallIsDegradedWhenSomeButNotAllEnabledProxiesAreHealthy() {
        String location = newLocation();
        long healthy = Events.proxy(location, null);
        long failed = Events.proxy(location, null);
        long neverProbed = Events.proxy(location, null);
        health(healthy, HealthState.HEALTHY, 10, 90, 0);
        health(failed, HealthState.FAILED, 0, 0, 3);

        // the never-probed proxy's creation travels on another topic than the others' health
        JsonPath status = awaitStatus(location, s -> s.getInt("counts.failed") == 1 && s.getInt("counts.healthy") == 1
                && s.getList("proxies").size() == 3);
        assertThat(status.getString("overall")).isEqualTo("degraded");
        assertThat(status.getInt("counts.unknown")).isEqualTo(1);
        assertThat(status.getList("proxies.id", Long.class)).containsExactlyInAnyOrder(healthy, failed, neverProbed);
    }

    @Test
    void overallIsDegradedWhenOnlyDegradedProxiesServe() {
        String location = newLocation();
        long degraded = Events.proxy(location, null);
        long failed = Events.proxy(location, null);
        health(degraded, HealthState.DEGRADED, 900, 40, 0);
        health(failed, HealthState.FAILED, 0, 0, 5);

        JsonPath status = awaitStatus(location, s -> s.getInt("counts.degraded") == 1 && s.getInt("counts.failed") == 1);
        assertThat(status.getString("overall")).isEqualTo("degraded");
        assertThat(status.getString("message")).isEqualTo("0 of 2 proxies healthy");
    }

    @Test
    void overallIsErrorWhenNoEnabledProxyServesAndTheFallbackIsOff() {
        String location = newLocation();
        long neverProbed = Events.proxy(location, null);
        long failed = Events.proxy(location, null);
        health(failed, HealthState.FAILED, 0, 0, 5);

        JsonPath status = awaitStatus(location, s -> s.getInt("counts.failed") == 1 && s.getInt("counts.unknown") == 1);
        assertThat(status.getString("overall")).isEqualTo("error");
        assertThat(status.getBoolean("direct")).isFalse();
        assertThat(status.getString("message")).isEqualTo("all proxies down, requests will fail");
        assertThat(status.getList("proxies.id", Long.class)).containsExactlyInAnyOrder(neverProbed, failed);
    }

    @Test
    void reEnabledProxyShowsUnknownHealthUntilItIsProbedAgain() {
        String location = newLocation();
        long id = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.proxy(id, location, null, true, 1));
        health(id, HealthState.FAILED, 0, 0, 5);
        awaitStatus(location, s -> "failed".equals(s.getString("proxies[0].health")));
        TestEvents.publish(EventType.PROXY_UPDATED, Events.proxy(id, location, null, false, 2));
        assertThat(awaitStatus(location, s -> !s.getBoolean("proxies[0].enabled")).getString("proxies[0].health"))
                .as("disabled, it shows its last health").isEqualTo("failed");

        TestEvents.publish(EventType.PROXY_UPDATED, Events.proxy(id, location, null, true, 3));
        assertThat(awaitStatus(location, s -> s.getBoolean("proxies[0].enabled")).getString("proxies[0].health"))
                .isEqualTo("unknown");
        health(id, HealthState.HEALTHY, 20, 90, 0);
        awaitStatus(location, s -> "healthy".equals(s.getString("proxies[0].health")));
    }

    @Test
    void proxyShowsHealthLatencyLastCheckAccountsAndModel() {
        String location = newLocation();
        long id = Events.proxy(location, null);
        health(id, HealthState.HEALTHY, 42, 95, 0);
        Events.assign("acc-" + Events.nextId(), "model-x", id);
        Events.assign("acc-" + Events.nextId(), "model-x", id);

        JsonPath status = awaitStatus(location, s -> s.getInt("proxies[0].accounts") == 2 && s.getString("proxies[0].health").equals("healthy"));
        assertThat(status.getLong("proxies[0].latencyMs")).isEqualTo(42);
        assertThat(status.getString("proxies[0].lastCheckAt")).isNotNull();
        assertThat(status.getInt("proxies[0].maxAccounts")).isEqualTo(3);
        assertThat(status.getString("proxies[0].modelId")).isEqualTo("model-x");
        assertThat(status.getString("proxies[0].protocol")).isEqualTo("HTTP");
        assertThat(status.getMap("proxies[0]")).doesNotContainKeys("healthy", "username", "passwordCiphertext", "keyId");
    }

    @Test
    void filtersNarrowProxiesAndCountsByHealthProviderAndModel() {
        String location = newLocation();
        String providerName = "Prov-" + Events.nextId();
        long provider = Events.provider(providerName, "2.00");
        long mine = Events.proxy(location, provider);
        long other = Events.proxy(location, null);
        health(mine, HealthState.HEALTHY, 10, 90, 0);
        health(other, HealthState.FAILED, 0, 0, 4);
        String model = "model-" + Events.nextId();
        Events.assign("acc-" + Events.nextId(), model, mine);
        // the assignment travels on another topic than the proxies and their health
        awaitStatus(location, s -> s.getInt("counts.failed") == 1 && s.getInt("counts.healthy") == 1
                && providerName.equals(s.getString("proxies.find { it.id == " + mine + " }.provider"))
                && model.equals(s.getString("proxies.find { it.id == " + mine + " }.modelId")));

        assertThat(Events.status(Map.of("location", location, "health", "failed")).getList("proxies.id", Long.class)).containsExactly(other);
        assertThat(Events.status(Map.of("provider", providerName)).getList("proxies.id", Long.class)).containsExactly(mine);
        JsonPath byModel = Events.status(Map.of("modelId", model));
        assertThat(byModel.getList("proxies.id", Long.class)).containsExactly(mine);
        assertThat(byModel.getString("overall")).isEqualTo("healthy");
    }

    /**
     * The unfiltered status, kept rendered between changes, is as current as a filtered one: read right after a
     * filtered answer showed a change, it shows it too, gzipped or not.
     */
    @Test
    void fullStatusIsCurrentGzippedOrNot() {
        String location = newLocation();
        long id = Events.proxy(location, null);
        awaitProxies(location, 1);
        assertThat(fullStatus(true).getList("proxies.id", Long.class)).contains(id);

        health(id, HealthState.FAILED, 0, 0, 3);
        awaitStatus(location, s -> "failed".equals(s.getString("proxies[0].health")));

        for (boolean gzip : new boolean[] {true, false}) {
            assertThat(fullStatus(gzip).getString("proxies.find { it.id == " + id + " }.health")).isEqualTo("failed");
        }
    }

    /** RestAssured asks for gzip unless it has no decoders; then it asks for no encoding. */
    private static JsonPath fullStatus(boolean gzip) {
        io.restassured.response.Response response = io.restassured.RestAssured.given()
                .config(gzip ? RestAssuredConfig.config() : RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .get("/api/status");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Encoding")).isEqualTo(gzip ? "gzip" : null);
        return response.jsonPath();
    }

    @Test
    void deletedProxyLeavesTheStatus() {
        String location = newLocation();
        long id = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.proxy(id, location, null, true, 1));
        awaitProxies(location, 1);

        TestEvents.publish(EventType.PROXY_DELETED, Events.proxy(id, location, null, true, 2));

        awaitProxies(location, 0);
    }
}
