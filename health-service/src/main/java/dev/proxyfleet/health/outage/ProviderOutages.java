package dev.proxyfleet.health.outage;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.outage.OutageStore.Change;
import dev.proxyfleet.health.outage.OutageStore.Count;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.messaging.Tx;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Judges whether providers are in outage ({@link OutageRule}) in the transaction that records their proxies' probes,
 * and publishes each start and end on {@code provider-health} through the outbox in that transaction. A proxy counts
 * as failing while its last probe failed: every enabled proxy is probed at least once per interval (a failed one
 * less often, its last result standing meanwhile), so the share is that of the last interval's probes. The outage
 * ends once the share falls below the lower end threshold (hysteresis). {@code fleet_health_provider_outage{provider}}
 * is 1 while a provider is in outage, 0 once one ended, read from the database like the fleet's states, so every
 * replica reports every provider.
 */
@ApplicationScoped
public class ProviderOutages {

    private final OutageStore store;
    private final Outbox outbox;
    private final OutageRule rule;
    private final MeterRegistry registry;
    private final Map<Long, AtomicInteger> outageByProvider = new ConcurrentHashMap<>();

    public ProviderOutages(OutageStore store, Outbox outbox, HealthConfig config, MeterRegistry registry) {
        this.store = store;
        this.outbox = outbox;
        this.rule = new OutageRule(config.outageThreshold(), config.outageEndThreshold(),
                config.outageMinProxies());
        this.registry = registry;
    }

    /**
     * Judges these providers again, after the probes of their proxies were written in {@code tx}; answers those of
     * them in outage now.
     */
    public Uni<Set<Long>> judge(Tx tx, Set<Long> providers) {
        if (providers.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return store.lockAndCount(tx, new TreeSet<>(providers)).chain(counts -> {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Set<Long> inOutage = counts.stream().filter(this::judged).map(Count::providerId).collect(Collectors.toSet());
            List<Change> changes = counts.stream().filter(count -> judged(count) != count.wasInOutage())
                    .map(count -> new Change(new ProviderOutageData(count.providerId(), count.failedShare(), at),
                            judged(count)))
                    .toList();
            if (changes.isEmpty()) {
                return Uni.createFrom().item(inOutage);
            }
            changes.forEach(change -> Log.warnf("Provider %d: outage %s (%.0f %% of its proxies failing)",
                    change.data().providerId(), change.inOutage() ? "started" : "ended", change.data().failedShare() * 100));
            List<ProviderOutageData> started = changes.stream().filter(Change::inOutage).map(Change::data).toList();
            List<ProviderOutageData> ended = changes.stream().filter(change -> !change.inOutage()).map(Change::data)
                    .toList();
            return Uni.combine().all().unis(store.mark(tx, changes),
                    outbox.appendAll(tx, EventType.PROVIDER_OUTAGE_STARTED, started),
                    outbox.appendAll(tx, EventType.PROVIDER_OUTAGE_ENDED, ended)).discardItems().replaceWith(inOutage);
        });
    }

    private boolean judged(Count count) {
        return rule.inOutage(count.wasInOutage(), count.enabled(), count.failing());
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measureOutages() {
        return store.outages().invoke(outages -> outages.forEach((provider, inOutage) -> outageByProvider
                .computeIfAbsent(provider, this::gauge).set(inOutage ? 1 : 0))).replaceWithVoid();
    }

    private AtomicInteger gauge(long provider) {
        AtomicInteger inOutage = new AtomicInteger();
        Gauge.builder("fleet.health.provider.outage", inOutage, AtomicInteger::get).tag("provider", Long.toString(provider))
                .description("1 while the provider is in outage (most of its proxies failing at once)").register(registry);
        return inOutage;
    }
}
