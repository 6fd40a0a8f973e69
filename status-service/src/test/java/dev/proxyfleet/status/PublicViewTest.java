package dev.proxyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code /api/status} and {@code /ws/status} show anonymous callers (the default public view: how each proxy is
 * doing, not where it is) and viewers (everything), unfiltered, filtered and in deltas.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class PublicViewTest {

    @TestHTTPResource("/ws/status")
    URI uri;
    @Inject
    Vertx vertx;

    private static Map<String, Object> proxyIn(JsonPath status, long id) {
        return status.getMap("proxies.find { it.id == " + id + " }");
    }

    /** Without a token (the test resource sends the admin token with requests that have no Authorization header). */
    private static RequestSpecification anonymous() {
        return given().header("Authorization", "none");
    }

    private static JsonPath unfiltered(RequestSpecification caller) {
        return caller.get("/api/status").then().statusCode(200).extract().jsonPath();
    }

    private static JsonNode proxyIn(JsonNode message, long id) {
        return message.path("proxies").findParents("id").stream().filter(p -> p.path("id").asLong() == id)
                .findFirst().orElseThrow();
    }

    @Test
    void anonymousCallersSeeNoAddressesViewersSeeEverything() {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        Events.awaitProxies(location, 1);
        RequestSpecification viewer = given().header("Authorization", "Bearer " + TestTokens.VIEWER);
        JsonPath filteredPublic = anonymous().queryParam("location", location).get("/api/status").then().statusCode(200)
                .extract().jsonPath();

        for (JsonPath anonymous : new JsonPath[] {unfiltered(anonymous()), filteredPublic}) {
            assertThat(proxyIn(anonymous, id)).containsEntry("location", location).containsKey("health")
                    .doesNotContainKeys("host", "port", "protocol", "providerId", "vpsId", "priority");
        }
        JsonPath filtered = viewer.queryParam("location", location).get("/api/status").then().statusCode(200)
                .extract().jsonPath();
        for (JsonPath full : new JsonPath[] {unfiltered(viewer), filtered}) {
            assertThat(proxyIn(full, id)).containsEntry("port", 3128).containsKeys("host", "protocol", "priority");
        }
    }

    @Test
    void anonymousSocketGetsThePublicViewATokenTheFullOne() {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        Events.awaitProxies(location, 1);
        try (StatusListener anonymous = new StatusListener(vertx, uri);
                StatusListener viewer = new StatusListener(vertx, uri, TestTokens.VIEWER)) {
            JsonNode publicSnapshot = anonymous.await(m -> "snapshot".equals(m.path("type").asText()));
            JsonNode fullSnapshot = viewer.await(m -> "snapshot".equals(m.path("type").asText()));
            assertThat(proxyIn(publicSnapshot, id).has("host")).isFalse();
            assertThat(proxyIn(fullSnapshot, id).path("port").asInt()).isEqualTo(3128);

            Events.health(id, HealthState.HEALTHY, 41, 90, 0);

            JsonNode publicDelta = anonymous.await(StatusListener.shows(id, "health", "healthy"));
            JsonNode fullDelta = viewer.await(StatusListener.shows(id, "health", "healthy"));
            assertThat(proxyIn(publicDelta, id).path("latencyMs").asLong()).isEqualTo(41);
            assertThat(proxyIn(publicDelta, id).has("host")).isFalse();
            assertThat(proxyIn(fullDelta, id).path("host").asText()).isNotEmpty();
        }
    }
}
