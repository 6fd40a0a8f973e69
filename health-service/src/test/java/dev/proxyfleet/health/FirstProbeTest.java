package dev.proxyfleet.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A proxy never probed is probed at once, not at a random point of its first interval: each proxy here has an interval
 * of an hour, so a first probe within the 30 s the events are awaited would come by chance less than once in a hundred
 * runs. Disabling forgets a proxy's health, so a re-enabled one starts afresh.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class FirstProbeTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-first-probe";
    private static final List<String> HOURLY = List.of("health-interval=1h");

    @Inject
    CredentialCipher cipher;

    @Test
    void newProxyIsProbedAtOnce() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, HOURLY, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);

            HealthData first = events.awaitChange(proxy.id(), HealthState.UNKNOWN, HealthState.HEALTHY);
            assertThat(first.consecutiveFailures()).isZero();
            Inventory.delete(proxy);
        }
    }

    @Test
    void reEnabledProxyStartsAfreshAndIsProbedAtOnce() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            long id = Inventory.nextId();
            TestEvents.publish(EventType.PROXY_CREATED, Inventory.proxy(id, local, PASSWORD, true, cipher));
            events.awaitChange(id, HealthState.UNKNOWN, HealthState.HEALTHY);
            local.kill();
            assertThat(events.awaitChange(id, HealthState.HEALTHY, HealthState.FAILED).consecutiveFailures()).isEqualTo(3);

            TestEvents.publish(EventType.PROXY_UPDATED, Inventory.proxy(id, local, PASSWORD, false, cipher));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> given().get("/api/health/proxies/" + id).then().statusCode(404));
            local.start();
            Instant reEnabled = Instant.now();
            TestEvents.publish(EventType.PROXY_UPDATED, Inventory.proxy(id, local, PASSWORD, true, HOURLY, cipher));

            HealthData afresh = events.awaitProbe(id, probe -> probe.at().isAfter(reEnabled));
            assertThat(afresh).extracting(HealthData::from, HealthData::to, HealthData::consecutiveFailures)
                    .containsExactly(HealthState.UNKNOWN, HealthState.HEALTHY, 0);
            Inventory.delete(Inventory.proxy(id, local, PASSWORD, true, cipher));
        }
    }
}
