package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.probe.Verdict;
import dev.proxyfleet.messaging.Tx;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What operators graph: {@code fleet_health_probes_total{outcome}}, the probe latency histogram
 * {@code fleet_health_probe_latency_seconds} and {@code fleet_health_proxies{state}} for the whole fleet. With
 * {@code health.metrics-per-proxy=true} (fleets of a few hundred proxies) {@code fleet_health_proxy_probe_latency_seconds}
 * is kept per proxy and {@code fleet_health_proxy_state{proxy}} gives each proxy's state (0 unknown, 1 healthy, 2 degraded, 3 failed);
 * off by default, because per-proxy labels multiply the series by the fleet's size.
 */
@ApplicationScoped
public class HealthMetrics {

    private final MeterRegistry registry;
    private final HealthStore store;
    private final boolean perProxy;
    private final Map<HealthState, AtomicLong> proxiesByState = new EnumMap<>(HealthState.class);
    private final Map<Long, AtomicInteger> stateByProxy = new ConcurrentHashMap<>();
    private final Timer latency;

    public HealthMetrics(MeterRegistry registry, HealthStore store, HealthConfig config) {
        this.registry = registry;
        this.store = store;
        this.perProxy = config.metricsPerProxy();
        this.latency = Timer.builder("fleet.health.probe.latency").publishPercentileHistogram()
                .description("Time a probe took through the proxy").register(registry);
        for (HealthState state : HealthState.values()) {
            AtomicLong count = new AtomicLong();
            proxiesByState.put(state, count);
            Gauge.builder("fleet.health.proxies", count, AtomicLong::get).tag("state", HealthStore.name(state))
                    .description("Proxies in each health state").register(registry);
        }
    }

    /** Counts the probes once their transaction committed. */
    void probed(Tx tx, List<Verdict> verdicts, List<HealthData> results) {
        tx.afterCommit(() -> {
            for (int i = 0; i < verdicts.size(); i++) {
                count(verdicts.get(i), results.get(i));
            }
        });
    }

    private void count(Verdict verdict, HealthData result) {
        registry.counter("fleet.health.probes", "outcome", verdict.outcome().name().toLowerCase(Locale.ROOT)).increment();
        Duration took = Duration.ofMillis(verdict.latencyMs());
        latency.record(took);
        if (perProxy) {
            String proxy = Long.toString(result.proxyId());
            Timer.builder("fleet.health.proxy.probe.latency").tag("proxy", proxy).publishPercentileHistogram()
                    .description("Time a probe took through this proxy").register(registry).record(took);
            stateByProxy.computeIfAbsent(result.proxyId(), id -> {
                AtomicInteger state = new AtomicInteger();
                Gauge.builder("fleet.health.proxy.state", state, AtomicInteger::get).tag("proxy", proxy).register(registry);
                return state;
            }).set(result.to().ordinal());
        }
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measureStates() {
        return store.countByState().invoke(counts -> proxiesByState.forEach(
                (state, count) -> count.set(counts.getOrDefault(HealthStore.name(state), 0L)))).replaceWithVoid();
    }
}
