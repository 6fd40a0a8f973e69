package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitStatus;
import static dev.proxyfleet.status.Events.health;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** {@code GET /api/proxies/best}: each strategy over proxies of one location, and the answer when none fits. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class BestProxyTest {

    private static long best(String strategy, String location) {
        return given().queryParam("strategy", strategy).queryParam("location", location)
                .get("/api/proxies/best").then().statusCode(200).extract().jsonPath().getLong("id");
    }

    /** A new proxy of this location with this priority and health, already visible in the status. */
    private static long proxy(String location, int priority, HealthState state, long latency, int score, int failures) {
        long id = Events.nextId();
        TestEvents.publish(EventType.PROXY_CREATED, Events.withPriority(Events.proxy(id, location, null, true, 1), priority));
        health(id, state, latency, score, failures);
        awaitStatus(location, s -> state.name().equalsIgnoreCase(s.getString("proxies.find { it.id == " + id + " }.health")));
        return id;
    }

    @Test
    void consumerGetsAReadyProxyUrlWithTheDecryptedPasswordAndTheHandOutIsLogged() throws IOException {
        String location = Events.newLocation();
        long id = proxy(location, 0, HealthState.HEALTHY, 10, 90, 0);

        String url = given().header("Authorization", "Bearer " + TestTokens.CONSUMER)
                .queryParam("location", location).queryParam("includeCredentials", true)
                .get("/api/proxies/best").then().statusCode(200).body("id", equalTo(id))
                .extract().jsonPath().getString("proxyUrl");

        assertThat(url).matches("http://user-" + id + ":" + Events.SECRET + "@127\\.9\\.\\d+\\.\\d+:3128");
        String log = Files.readString(Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class)));
        assertThat(log).contains("Credentials of proxy " + id + " handed to test-consumer").doesNotContain(Events.SECRET);
    }

    /**
     * Someone able to write to the broker copies another proxy's password ciphertext into an event of a proxy they
     * point at their own host: the password does not decrypt for that proxy and is not handed out.
     */
    @Test
    void aPasswordCopiedFromAnotherProxyIsNotHandedOut() {
        String location = Events.newLocation();
        ProxyData victim = Events.proxy(Events.nextId(), Events.newLocation(), null, true, 1);
        ProxyData own = Events.proxy(Events.nextId(), location, null, true, 1);
        ProxyData forged = new ProxyData(own.id(), own.host(), own.port(), own.protocol(), own.username(),
                victim.passwordCiphertext(), victim.keyId(), null, location, own.labels(), 0, true, 3, null, null, 1L,
                Instant.now());
        TestEvents.publish(EventType.PROXY_CREATED, forged);
        health(forged.id(), HealthState.HEALTHY, 10, 90, 0);
        awaitStatus(location, s -> "healthy".equals(s.getString("proxies.find { it.id == " + forged.id() + " }.health")));

        given().header("Authorization", "Bearer " + TestTokens.CONSUMER)
                .queryParam("location", location).queryParam("includeCredentials", true)
                .get("/api/proxies/best").then().statusCode(500)
                .body("detail", containsString("the stored password of proxy " + forged.id() + " does not decrypt for it"))
                .body(not(containsString(Events.SECRET)));
    }

    @Test
    void credentialsAreForTheConsumerRoleOnly() {
        String location = Events.newLocation();
        proxy(location, 0, HealthState.HEALTHY, 10, 90, 0);

        given().header("Authorization", "Bearer " + TestTokens.VIEWER).queryParam("location", location)
                .queryParam("includeCredentials", true).get("/api/proxies/best")
                .then().statusCode(403).body("detail", containsString("consumer"));
        given().header("Authorization", "Bearer " + TestTokens.CONSUMER).queryParam("location", location)
                .get("/api/proxies/best").then().statusCode(200).body("proxyUrl", nullValue());
    }

    @Test
    void priorityPrefersHealthyThenPriorityThenLatency() {
        String location = Events.newLocation();
        proxy(location, 0, HealthState.DEGRADED, 5, 50, 0);
        proxy(location, 2, HealthState.HEALTHY, 10, 90, 0);
        long best = proxy(location, 1, HealthState.HEALTHY, 50, 90, 0);
        proxy(location, 1, HealthState.HEALTHY, 80, 90, 0);
        proxy(location, 0, HealthState.FAILED, 1, 0, 5);

        assertThat(best("priority", location)).isEqualTo(best);
    }

    @Test
    void roundRobinVisitsEveryUsableProxyInTurn() {
        String location = Events.newLocation();
        long a = proxy(location, 0, HealthState.HEALTHY, 10, 90, 0);
        long b = proxy(location, 0, HealthState.DEGRADED, 10, 50, 0);
        long c = proxy(location, 0, HealthState.HEALTHY, 10, 90, 0);
        proxy(location, 0, HealthState.FAILED, 10, 0, 4);

        Set<Long> seen = new HashSet<>();
        IntStream.range(0, 3).forEach(i -> seen.add(best("round-robin", location)));

        assertThat(seen).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void leastErrorsPrefersFewestConsecutiveFailures() {
        String location = Events.newLocation();
        proxy(location, 0, HealthState.DEGRADED, 5, 60, 2);
        long best = proxy(location, 3, HealthState.HEALTHY, 300, 70, 0);
        proxy(location, 0, HealthState.DEGRADED, 1, 80, 1);

        assertThat(best("least-errors", location)).isEqualTo(best);
    }

    @Test
    void weightedRandomNeverPicksAProxyOfScoreZeroAndFavoursHighScores() {
        String location = Events.newLocation();
        long zero = proxy(location, 0, HealthState.DEGRADED, 5, 0, 0);
        long low = proxy(location, 0, HealthState.HEALTHY, 5, 10, 0);
        long high = proxy(location, 0, HealthState.HEALTHY, 5, 90, 0);

        long[] picks = IntStream.range(0, 200).mapToLong(i -> best("weighted-random", location)).toArray();

        long highCount = java.util.Arrays.stream(picks).filter(id -> id == high).count();
        assertThat(picks).doesNotContain(zero).contains(low);
        assertThat(highCount).isGreaterThan(140);
    }

    @Test
    void healthScorePicksTheHighestScoreOfAtLeastTwenty() {
        String location = Events.newLocation();
        proxy(location, 0, HealthState.HEALTHY, 5, 70, 0);
        long best = proxy(location, 5, HealthState.DEGRADED, 500, 85, 0);

        assertThat(best("health-score", location)).isEqualTo(best);
    }

    @Test
    void healthScoreAnswers404WithTheReasonWhenEveryScoreIsBelowTwenty() {
        String location = Events.newLocation();
        proxy(location, 0, HealthState.DEGRADED, 5, 19, 0);

        given().queryParam("strategy", "health-score").queryParam("location", location).get("/api/proxies/best")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("location=" + location))
                .body("detail", containsString("health score of at least 20"));
    }

    @Test
    void noUsableProxyAnswers404WithTheFilters() {
        String location = Events.newLocation();
        proxy(location, 0, HealthState.FAILED, 5, 0, 3);

        given().queryParam("modelId", "model-none").queryParam("location", location).get("/api/proxies/best")
                .then().statusCode(404).body("detail", containsString("no enabled healthy or degraded proxy"))
                .body("detail", containsString("modelId=model-none"));
    }

    @Test
    void modelAndLabelFiltersKeepOnlyMatchingProxies() {
        String location = Events.newLocation();
        long free = proxy(location, 0, HealthState.HEALTHY, 5, 90, 0);
        long used = proxy(location, 1, HealthState.HEALTHY, 50, 90, 0);
        String model = "m-" + used;
        Events.assign("acc-" + used, model, used);
        awaitStatus(location, s -> s.getInt("proxies.find { it.id == " + used + " }.accounts") == 1);

        assertThat(given().queryParam("modelId", model).queryParam("location", location).get("/api/proxies/best")
                .then().statusCode(200).extract().jsonPath().getLong("id")).isEqualTo(used);
        assertThat(given().queryParam("label", "eu").queryParam("location", location).get("/api/proxies/best")
                .then().statusCode(200).extract().jsonPath().getLong("id")).isEqualTo(free);
        given().queryParam("label", "us").queryParam("location", location).get("/api/proxies/best").then().statusCode(404);
    }

    @Test
    void unknownStrategyIsAFieldError() {
        given().queryParam("strategy", "fastest").get("/api/proxies/best")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("strategy"));
    }
}
