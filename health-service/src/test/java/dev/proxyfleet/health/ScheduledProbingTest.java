package dev.proxyfleet.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The whole service over real Kafka, PostgreSQL and proxies: proxies published on {@code proxy-inventory} are probed
 * on the schedule (every 200 ms in tests, fall 3, rise 2) and their health goes out on {@code proxy-health}.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class ScheduledProbingTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-scheduled";

    @Inject
    CredentialCipher cipher;
    @Inject
    HealthConfig config;

    private static int indexOfFirst(List<HealthData> probes, HealthState from, HealthState to) {
        for (int i = 0; i < probes.size(); i++) {
            if (probes.get(i).from() == from && probes.get(i).to() == to) {
                return i;
            }
        }
        throw new AssertionError("no probe " + from + " -> " + to + " in " + probes);
    }

    @Test
    void killedProxyFailsAfterExactlyFallProbesAndRecoversAfterExactlyRise() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            events.awaitChange(proxy.id(), HealthState.UNKNOWN, HealthState.HEALTHY);

            local.kill();
            HealthData failed = events.awaitChange(proxy.id(), HealthState.HEALTHY, HealthState.FAILED);
            List<HealthData> probes = events.probes(proxy.id());
            int failing = indexOfFirst(probes, HealthState.HEALTHY, HealthState.FAILED);

            assertThat(failed.consecutiveFailures()).isEqualTo(3);
            assertThat(failed.error()).containsIgnoringCase("refused");
            assertThat(probes.subList(failing - 2, failing)).extracting(HealthData::to, HealthData::consecutiveFailures)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(HealthState.HEALTHY, 1),
                            org.assertj.core.groups.Tuple.tuple(HealthState.HEALTHY, 2));
            assertThat(probes.get(failing - 3).error()).isNull();

            local.start();
            HealthData recovered = events.awaitChange(proxy.id(), HealthState.FAILED, HealthState.HEALTHY);
            probes = events.probes(proxy.id());
            int recovering = indexOfFirst(probes, HealthState.FAILED, HealthState.HEALTHY);

            assertThat(recovered.error()).isNull();
            assertThat(recovered.latencyMs()).isNotNull();
            assertThat(probes.get(recovering - 1)).extracting(HealthData::to, HealthData::error)
                    .containsExactly(HealthState.FAILED, null);
            assertThat(probes.get(recovering - 2).error()).isNotNull();
            Inventory.delete(proxy);
        }
    }

    @Test
    void probesAreCountedByOutcomeWithTheirLatencyAndTheFleetByState() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            events.awaitChange(proxy.id(), HealthState.UNKNOWN, HealthState.HEALTHY);

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics())
                    .containsPattern("fleet_health_probes_total\\{outcome=\"up\"} [1-9]")
                    .containsPattern("fleet_health_probe_latency_seconds_count [1-9]")
                    .containsPattern("fleet_health_proxies\\{state=\"healthy\"} [1-9]")
                    .doesNotContain("proxy=\"" + proxy.id() + "\""));
            Inventory.delete(proxy);
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void socks5ProxyIsProbedWithItsCredentialsAndShownHealthyWithItsLog() {
        try (LocalProxy local = LocalProxy.socks5(Inventory.USER, PASSWORD)) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/health/proxies/" + proxy.id())
                    .then().statusCode(200).body("state", equalTo("healthy")));
            var body = given().get("/api/health/proxies/" + proxy.id()).then().extract().jsonPath();
            assertThat(body.getInt("score")).isGreaterThan(50);
            assertThat(body.getList("log.source", String.class)).isNotEmpty().containsOnly("probe");
            assertThat(given().queryParam("state", "healthy").get("/api/health/proxies").then().statusCode(200)
                    .extract().jsonPath().getList("proxyId", Long.class)).contains(proxy.id());
            Inventory.delete(proxy);
        }
    }

    /** The dashboard's latency chart of a proxy reads only its probes, however many uses clients report between them. */
    @Test
    void theLogOfOneSourceLeavesOutTheOther() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD)) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/health/proxies/" + proxy.id())
                    .then().statusCode(200).body("state", equalTo("healthy")));
            for (int i = 0; i < 3; i++) {
                TestEvents.send(UsageReportsTest.used(proxy.id(), UsageOutcome.SUCCESS).toProducerRecord());
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/health/proxies/" + proxy.id())
                    .then().body("uses", equalTo(3)));

            var probes = given().queryParam("source", "probe").get("/api/health/proxies/" + proxy.id())
                    .then().statusCode(200).extract().jsonPath();
            var uses = given().queryParam("source", "usage").get("/api/health/proxies/" + proxy.id())
                    .then().statusCode(200).extract().jsonPath();

            assertThat(probes.getList("log.source", String.class)).isNotEmpty().containsOnly("probe");
            assertThat(probes.getList("log.latencyMs", Long.class)).doesNotContainNull();
            assertThat(uses.getList("log.source", String.class)).hasSize(3).containsOnly("usage");
            given().queryParam("source", "other").get("/api/health/proxies/" + proxy.id()).then().statusCode(400);
            Inventory.delete(proxy);
        }
    }

    @Test
    void httpsProxyIsProbedThroughAConnectTunnelToTheTlsTargetAndShownHealthy() {
        try (LocalProxy local = LocalProxy.https(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);

            // The JVM's first TLS handshakes are slow: the first probe may find the proxy degraded on the way.
            HealthData healthy = events.awaitChangeTo(proxy.id(), HealthState.HEALTHY);

            assertThat(healthy.error()).isNull();
            assertThat(local.requests()).isNotEmpty()
                    .containsOnly("CONNECT 127.0.0.1:" + URI.create(config.tlsTargetUrl()).getPort() + " HTTP/1.1");
            Inventory.delete(proxy);
        }
    }

    @Test
    void wrongPasswordFailsTheProxyAfterFallProbesWithProxyAuthenticationFailed() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD + "-wrong", true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);

            HealthData failed = events.awaitChange(proxy.id(), HealthState.UNKNOWN, HealthState.FAILED);

            assertThat(failed.error()).isEqualTo("proxy authentication failed");
            assertThat(failed.consecutiveFailures()).isEqualTo(3);
            assertThat(failed.score()).isZero();
            Inventory.delete(proxy);
        }
    }

    @Test
    void disabledProxyIsNotProbedUntilEnabledAndDeletedOneIsForgotten() throws InterruptedException {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData disabled = Inventory.proxy(Inventory.nextId(), local, PASSWORD, false, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, disabled);
            Thread.sleep(1_500);
            given().get("/api/health/proxies/" + disabled.id()).then().statusCode(404);

            ProxyData enabled = Inventory.proxy(disabled.id(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_UPDATED, enabled);
            events.awaitChange(disabled.id(), HealthState.UNKNOWN, HealthState.HEALTHY);

            Inventory.delete(enabled);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> given().get("/api/health/proxies/" + disabled.id()).then().statusCode(404));
            String logged = "SELECT count(*) FROM health_log WHERE proxy_id = " + disabled.id();
            long probesAfterDelete = Database.number(logged);
            Thread.sleep(1_000);
            assertThat(Database.number(logged)).isEqualTo(probesAfterDelete);
        }
    }

    @Test
    void onDemandProbeAnswersWithTheNewHealthAndRecordsIt() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD)) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/health/proxies/" + proxy.id())
                    .then().statusCode(200));
            local.kill();

            var answer = given().post("/api/health/proxies/" + proxy.id() + "/probe").then().statusCode(200).extract().jsonPath();

            assertThat(answer.getString("error")).containsIgnoringCase("refused");
            assertThat(answer.getString("log[0].error")).containsIgnoringCase("refused");
            assertThat(answer.getInt("consecutiveFailures")).isPositive();
            Inventory.delete(proxy);
        }
    }

    @Test
    void onDemandProbeOfAnUnknownProxyIsNotFound() {
        given().post("/api/health/proxies/" + Inventory.nextId() + "/probe").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
