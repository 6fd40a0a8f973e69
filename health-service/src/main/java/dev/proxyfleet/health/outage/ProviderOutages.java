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
import jakarta.enterprise.event.Event;
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
 *
 * <p>Every replica reads the providers' outages from the database every second, whichever replica judged them: its
 * schedule probes the proxies of a provider in outage gently ({@link #inOutage}) and hears when an outage ended
 * ({@link OutagesEnded}), so that their proxies return to the regular schedule at once.
 */
@ApplicationScoped
public class ProviderOutages {

    private final OutageStore store;
    private final Outbox outbox;
    private final OutageRule rule;
    private final MeterRegistry registry;
    private final Event<OutagesEnded> outagesEnded;
    private final Map<Long, AtomicInteger> outageByProvider = new ConcurrentHashMap<>();
    /** The providers in outage at the last read; written by that read only. */
    private volatile Set<Long> lastRead = Set.of();

    public ProviderOutages(OutageStore store, Outbox outbox, HealthConfig config, MeterRegistry registry,
            Event<OutagesEnded> outagesEnded) {
        this.store = store;
        this.outbox = outbox;
        this.outagesEnded = outagesEnded;
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

    /** Whether the provider was in outage at the last read, at most about a second ago; false for no provider. */
    public boolean inOutage(Long providerId) {
        return providerId != null && lastRead.contains(providerId);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> readOutages() {
        return store.outages().invoke(outages -> {
            Set<Long> now = outages.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                    .collect(Collectors.toUnmodifiableSet());
            Set<Long> over = lastRead.stream().filter(provider -> !now.contains(provider))
                    .collect(Collectors.toUnmodifiableSet());
            lastRead = now;
            if (!over.isEmpty()) {
                outagesEnded.fire(new OutagesEnded(over));
            }
            // After the schedule heard of them: the gauge tells when every probe is timed by them (tests wait for it).
            outages.forEach((provider, out) -> outageByProvider.computeIfAbsent(provider, this::gauge).set(out ? 1 : 0));
        }).replaceWithVoid();
    }

    private AtomicInteger gauge(long provider) {
        AtomicInteger inOutage = new AtomicInteger();
        Gauge.builder("fleet.health.provider.outage", inOutage, AtomicInteger::get).tag("provider", Long.toString(provider))
                .description("1 while the provider is in outage (most of its proxies failing at once)").register(registry);
        return inOutage;
    }
}
