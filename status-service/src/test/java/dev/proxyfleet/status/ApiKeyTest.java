package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitStatus;
import static dev.proxyfleet.status.Events.health;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/keys/next} and {@code POST /api/keys/{id}/exhausted} over keys and proxies played on the real broker:
 * rotation, failover within a proxy and then to another, a failed proxy's keys out of rotation until it recovers, the
 * secret for consumers only, and the key counts in {@code /api/status}.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ApiKeyTest {

    private static RequestSpecification consumer() {
        return given().header("Authorization", "Bearer " + TestTokens.CONSUMER);
    }

    private static ValidatableResponse next(String pool) {
        return consumer().queryParam("pool", pool).get("/api/keys/next").then();
    }

    private static long nextKey(String pool) {
        return next(pool).statusCode(200).extract().jsonPath().getLong("keyId");
    }

    private static List<Long> nextKeys(String pool, int count) {
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(nextKey(pool));
        }
        return keys;
    }

    private static void exhausted(long keyId, Instant until) {
        consumer().contentType("application/json").body(Map.of("until", until.toString()))
                .post("/api/keys/{id}/exhausted", keyId).then().statusCode(204);
    }

    /** A healthy proxy of the location, shown with this many keys once they are published. */
    private static long healthyProxy(String location) {
        long id = Events.proxy(location, null);
        health(id, HealthState.HEALTHY, 10, 90, 0);
        return id;
    }

    private static void awaitKeys(String location, long proxyId, int keys) {
        awaitStatus(location, s -> s.getInt("proxies.find { it.id == " + proxyId + " }.keys") == keys
                && "healthy".equals(s.getString("proxies.find { it.id == " + proxyId + " }.health")));
    }

    /** Proxy a with keys a1, a2 and proxy b with key b1, in a pool of their own, all in the status. */
    private record Fleet(String location, String pool, long a, long b, long a1, long a2, long b1) {

        static Fleet create() {
            String location = Events.newLocation();
            String pool = "pool-" + Events.nextId();
            long a = healthyProxy(location);
            long b = healthyProxy(location);
            long a1 = Events.key(a, pool).id();
            long a2 = Events.key(a, pool).id();
            long b1 = Events.key(b, pool).id();
            awaitKeys(location, a, 2);
            awaitKeys(location, b, 1);
            return new Fleet(location, pool, a, b, a1, a2, b1);
        }
    }

    @Test
    void handsOutThePoolsKeysRoundRobinByProxyThenKey() {
        Fleet fleet = Fleet.create();

        assertThat(nextKeys(fleet.pool(), 6)).containsExactly(fleet.a1(), fleet.a2(), fleet.b1(), fleet.a1(),
                fleet.a2(), fleet.b1());
    }

    @Test
    void anExhaustedKeyFailsOverToTheOtherKeyOfItsProxyAndThenToAnotherProxy() {
        Fleet fleet = Fleet.create();
        Instant inAnHour = Instant.now().plus(1, ChronoUnit.HOURS);
        assertThat(nextKeys(fleet.pool(), 2)).containsExactly(fleet.a1(), fleet.a2());

        exhausted(fleet.a2(), inAnHour);
        assertThat(nextKey(fleet.pool())).as("the other key of the same proxy, not the next in rotation")
                .isEqualTo(fleet.a1());
        exhausted(fleet.a1(), inAnHour);
        assertThat(nextKeys(fleet.pool(), 2)).containsExactly(fleet.b1(), fleet.b1());

        exhausted(fleet.b1(), inAnHour);
        next(fleet.pool()).statusCode(404).body("detail", containsString("3 keys, 3 are exhausted"));

        exhausted(fleet.a1(), Instant.now().minusSeconds(1));
        assertThat(nextKey(fleet.pool())).as("back once its time is over").isEqualTo(fleet.a1());
        JsonPath status = Events.status(Map.of("location", fleet.location()));
        assertThat(status.getString("proxies.find { it.id == " + fleet.a() + " }.apiKeys.find { it.id == "
                + fleet.a2() + " }.exhaustedUntil")).isEqualTo(inAnHour.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    @Test
    void aFailedProxysKeysLeaveRotationUntilItRecovers() {
        Fleet fleet = Fleet.create();

        health(fleet.a(), HealthState.FAILED, 0, 0, 3);
        awaitStatus(fleet.location(), s -> "failed".equals(s.getString("proxies.find { it.id == " + fleet.a() + " }.health")));
        assertThat(nextKeys(fleet.pool(), 3)).containsOnly(fleet.b1());

        health(fleet.a(), HealthState.HEALTHY, 10, 90, 0);
        awaitKeys(fleet.location(), fleet.a(), 2);
        assertThat(nextKeys(fleet.pool(), 3)).contains(fleet.a1(), fleet.a2());
    }

    @Test
    void aDeletedKeyLeavesRotationAndTheCount() {
        Fleet fleet = Fleet.create();
        ApiKeyData b1 = new ApiKeyData(fleet.b1(), fleet.b(), "key-" + fleet.b1(), fleet.pool(), "v2:AAAA", "k", 2L);

        TestEvents.publish(EventType.KEY_DELETED, b1);
        awaitStatus(fleet.location(), s -> s.getInt("proxies.find { it.id == " + fleet.b() + " }.keys") == 0);

        assertThat(nextKeys(fleet.pool(), 4)).containsOnly(fleet.a1(), fleet.a2());
    }

    @Test
    void consumerGetsTheSecretAndTheProxyUrlAndTheHandOutIsLogged() throws IOException {
        Fleet fleet = Fleet.create();

        JsonPath handed = consumer().queryParam("pool", fleet.pool()).queryParam("includeSecret", true)
                .get("/api/keys/next").then().statusCode(200).body("keyId", equalTo(fleet.a1()))
                .body("proxyId", equalTo(fleet.a())).extract().jsonPath();

        assertThat(handed.getString("secret")).isEqualTo(Events.keySecret(fleet.a1()));
        assertThat(handed.getString("proxyUrl")).startsWith("http://user-" + fleet.a() + ":" + Events.SECRET + "@");
        String log = Files.readString(Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class)));
        assertThat(log).contains("Secret of API key " + fleet.a1() + " (proxy " + fleet.a() + ") handed to test-consumer")
                .doesNotContain(Events.keySecret(fleet.a1()));
    }

    @Test
    void withoutIncludeSecretTheAnswerHasNoSecretAndOnlyConsumersGetKeys() {
        Fleet fleet = Fleet.create();

        next(fleet.pool()).statusCode(200).body("secret", nullValue()).body("proxyUrl", nullValue())
                .body(org.hamcrest.Matchers.not(containsString(Events.SECRET)));
        given().header("Authorization", "Bearer " + TestTokens.VIEWER).queryParam("pool", fleet.pool())
                .get("/api/keys/next").then().statusCode(403);
    }

    @Test
    void aSecretCopiedFromAnotherKeyIsNotHandedOut() {
        Fleet fleet = Fleet.create();
        String pool = "pool-" + Events.nextId();
        ApiKeyData victim = Events.key(fleet.b(), "pool-" + Events.nextId());
        long forgedId = Events.nextId();
        TestEvents.publish(EventType.KEY_CREATED, new ApiKeyData(forgedId, fleet.a(), "forged", pool,
                victim.secretCiphertext(), victim.keyId(), 1L));
        awaitKeys(fleet.location(), fleet.a(), 3);

        consumer().queryParam("pool", pool).queryParam("includeSecret", true).get("/api/keys/next").then()
                .statusCode(500).body("detail", containsString("does not decrypt"))
                .body(org.hamcrest.Matchers.not(containsString(Events.SECRET)));
    }

    @Test
    void statusShowsKeysOfMaxKeysAndAnonymousCallersOnlyTheCounts() {
        Fleet fleet = Fleet.create();
        JsonPath viewer = given().header("Authorization", "Bearer " + TestTokens.VIEWER)
                .queryParam("location", fleet.location()).get("/api/status").then().statusCode(200).extract().jsonPath();
        JsonPath anonymous = given().header("Authorization", "none").queryParam("location", fleet.location())
                .get("/api/status").then().statusCode(200).extract().jsonPath();
        String a = "proxies.find { it.id == " + fleet.a() + " }";

        assertThat(viewer.getInt(a + ".keys")).isEqualTo(2);
        assertThat(viewer.getInt(a + ".maxKeys")).isEqualTo(2);
        assertThat(viewer.getList(a + ".apiKeys.name")).containsExactly("key-" + fleet.a1(), "key-" + fleet.a2());
        assertThat(anonymous.getInt(a + ".keys")).isEqualTo(2);
        assertThat(anonymous.getInt(a + ".maxKeys")).isEqualTo(2);
        assertThat(anonymous.getMap(a)).doesNotContainKey("apiKeys");
    }

    @Test
    void noUsableKeyAnswers404WithTheReason() {
        next("pool-" + Events.nextId()).statusCode(404).body("detail", containsString("has no API keys"));
        next(" ").statusCode(400);
    }
}
