package dev.proxyfleet.health.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.messaging.ContractPartitioner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Probe settings published on {@code fleet-settings} take effect while the service runs (tests start at interval
 * 200 ms, fall 3, rise 2), and a record without them brings the start-up settings back, as later tests expect.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class LiveSettingsTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-live-settings";
    /** Versions only rise, across the tests of this JVM. */
    private static final AtomicLong VERSION = new AtomicLong(System.currentTimeMillis());

    @Inject
    CredentialCipher cipher;

    @Test
    void intervalFallAndRiseChangedLiveAreProbedAndJudgedByAndResetToTheStartUpOnes() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            events.awaitChange(proxy.id(), HealthState.UNKNOWN, HealthState.HEALTHY);
            try {
                publish(new SettingsData(null, 1_000L, null, 5, 3, null, null, null, null, null, null, null, null,
                        VERSION.incrementAndGet(), "test-admin", Instant.now()));
                // 1 s ± 10 % jitter, where 200 ms was
                awaitGap(events, proxy.id(), gapMs -> gapMs >= 900);

                local.kill();
                HealthData failed = events.awaitChange(proxy.id(), HealthState.HEALTHY, HealthState.FAILED);
                assertThat(failed.consecutiveFailures()).as("fall").isEqualTo(5);
                local.start();
                events.awaitChange(proxy.id(), HealthState.FAILED, HealthState.HEALTHY);
                List<HealthData> probes = events.probes(proxy.id());
                int recovered = probes.indexOf(probes.stream().filter(p -> p.from() == HealthState.FAILED
                        && p.to() == HealthState.HEALTHY).findFirst().orElseThrow());
                assertThat(probes.subList(recovered - 2, recovered)).as("rise: two successes before the third")
                        .allSatisfy(probe -> assertThat(probe.to()).isEqualTo(HealthState.FAILED))
                        .allSatisfy(probe -> assertThat(probe.error()).isNull());
                assertThat(probes.get(recovered - 3).error()).isNotNull();
            } finally {
                publish(reset());
            }
            awaitGap(events, proxy.id(), gapMs -> gapMs < 400);
            Inventory.delete(proxy);
        }
    }

    /** Waits for two consecutive probes of the proxy whose distance matches, reading one more probe each time. */
    private static void awaitGap(HealthEvents events, long proxyId, java.util.function.LongPredicate gap) {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollDelay(java.time.Duration.ZERO).until(() -> {
            List<HealthData> probes = events.awaitProbes(proxyId, events.probes(proxyId).size() + 1);
            return probes.size() >= 2 && gap.test(probes.get(probes.size() - 1).at().toEpochMilli()
                    - probes.get(probes.size() - 2).at().toEpochMilli());
        });
    }

    /** A record without any setting: the start-up settings again. */
    private static SettingsData reset() {
        return new SettingsData(null, null, null, null, null, null, null, null, null, null, null, null, null,
                VERSION.incrementAndGet(), "test-admin", Instant.now());
    }

    private static void publish(SettingsData settings) {
        TestEvents.publish(EventType.SETTINGS_CHANGED, settings, ContractPartitioner.SETTINGS_PARTITION);
    }
}
