package dev.proxyfleet.health;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Fast re-probes over real Kafka, PostgreSQL and proxies. The proxies here are labelled with an interval (5 s) long
 * against the tests' fast interval (300 ms), so that {@code fall} intervals and one interval plus {@code fall − 1}
 * fast ones cannot be confused. Every bound is derived from the settings; times are those the service stamped on its
 * events.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class FastReprobingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Beyond the schedule: recording a probe and reading events on a busy shared machine. */
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final String PASSWORD = Inventory.SECRET_MARKER + "-fast";

    @Inject
    CredentialCipher cipher;
    @Inject
    HealthConfig config;

    /** The longest from the first to the last of {@code results} consecutive probes: fast intervals only. */
    private Duration fromFirst(int results) {
        long fast = Math.round((results - 1) * config.fastInterval().toMillis() * (1 + config.jitter()));
        return Duration.ofMillis(fast).plus(config.timeout()).plus(MARGIN);
    }

    /** The longest from a change of the proxy until {@code results} probes settle it: one interval, then fast ones. */
    private Duration settling(int results) {
        return Duration.ofMillis(Math.round(INTERVAL.toMillis() * (1 + config.jitter()))).plus(fromFirst(results));
    }

    /** The shortest time a delay of {@code interval} can be with jitter. */
    private long shortestMs(Duration interval) {
        return Math.round(interval.toMillis() * (1 - config.jitter()));
    }

    private ProxyData healthyProxy(LocalProxy local, HealthEvents events) {
        ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true,
                List.of("health-interval=" + INTERVAL.toSeconds() + "s"), cipher);
        TestEvents.publish(EventType.PROXY_CREATED, proxy);
        // A fresh JVM's first probes are slow: the first may find the proxy degraded on the way.
        events.awaitChangeTo(proxy.id(), HealthState.HEALTHY);
        return proxy;
    }

    private static Instant firstProbe(HealthEvents events, long proxyId, Instant after, Predicate<HealthData> probe) {
        return events.probes(proxyId).stream().filter(p -> p.at().isAfter(after)).filter(probe).findFirst()
                .orElseThrow().at();
    }

    @Test
    void killedProxyFailsOneIntervalAndFallMinusOneFastIntervalsLaterAndRecoversTheSameWay() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = healthyProxy(local, events);

            local.kill();
            Instant killed = Instant.now();
            HealthData failed = events.awaitChange(proxy.id(), HealthState.HEALTHY, HealthState.FAILED);
            Instant firstFailure = firstProbe(events, proxy.id(), killed, probe -> probe.error() != null);

            assertThat(failed.consecutiveFailures()).isEqualTo(config.fall());
            assertThat(Duration.between(killed, failed.at())).isLessThanOrEqualTo(settling(config.fall()));
            assertThat(Duration.between(firstFailure, failed.at())).isLessThanOrEqualTo(fromFirst(config.fall()));

            local.start();
            Instant started = Instant.now();
            HealthData recovered = events.awaitChange(proxy.id(), HealthState.FAILED, HealthState.HEALTHY);
            Instant firstSuccess = firstProbe(events, proxy.id(), started, probe -> probe.error() == null);

            assertThat(Duration.between(started, recovered.at())).isLessThanOrEqualTo(settling(config.rise()));
            assertThat(Duration.between(firstSuccess, recovered.at())).isLessThanOrEqualTo(fromFirst(config.rise()));
            Inventory.delete(proxy);
        }
    }

    @Test
    void failedUseBringsTheNextProbeForwardButNotBeforeTheFastInterval() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = healthyProxy(local, events);
            List<HealthData> probes = events.probes(proxy.id());
            Instant lastProbe = probes.get(probes.size() - 1).at();

            TestEvents.send(UsageReportsTest.used(proxy.id(), UsageOutcome.FAILURE).toProducerRecord());
            HealthData next = events.awaitProbe(proxy.id(), probe -> probe.at().isAfter(lastProbe));

            assertThat(Duration.between(lastProbe, next.at()).toMillis())
                    .isLessThan(shortestMs(INTERVAL))
                    .isGreaterThanOrEqualTo(shortestMs(config.fastInterval()));
            Inventory.delete(proxy);
        }
    }

    /**
     * While the proxy goes up and down every half second and clients report a failed use every 50 ms, it is probed
     * more often than its interval allows, but never sooner than the fast interval after its previous probe.
     */
    @Test
    void flappingProxyReportedFailingAllTheTimeIsProbedAtMostOncePerFastInterval() throws InterruptedException {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = healthyProxy(local, events);
            Duration window = Duration.ofSeconds(6);
            Instant from = Instant.now();
            Instant until = from.plus(window);

            flap(local, proxy.id(), until);
            events.awaitProbe(proxy.id(), probe -> probe.at().isAfter(until));
            // Delivery is at least once: a probe is counted by its time.
            long probes = events.probes(proxy.id()).stream().map(HealthData::at)
                    .filter(at -> !at.isBefore(from) && !at.isAfter(until)).distinct().count();

            assertThat(probes).isGreaterThan(window.toMillis() / shortestMs(INTERVAL) + 1)
                    .isLessThanOrEqualTo(window.toMillis() / shortestMs(config.fastInterval()) + 1);
            Inventory.delete(proxy);
        }
    }

    private static void flap(LocalProxy local, long proxyId, Instant until) throws InterruptedException {
        boolean up = true;
        for (int tick = 1; Instant.now().isBefore(until); tick++) {
            TestEvents.send(UsageReportsTest.used(proxyId, UsageOutcome.FAILURE).toProducerRecord());
            if (tick % 10 == 0) {
                if (up) {
                    local.kill();
                } else {
                    local.start();
                }
                up = !up;
            }
            Thread.sleep(50);
        }
    }
}
