package dev.proxyfleet.health.outage;

import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.settings.ProbeSettings;
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
import jakarta.enterprise.event.Observes;
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
 * <p>Our own egress is judged the same way over all probed proxies, as the row {@link Outages#EGRESS}, while the probe
 * target cannot be reached directly ({@link DirectCheck}) or the egress is down: it goes down only when the direct
 * check fails too (most of all proxies failing at once is otherwise every provider's trouble, each judged on its own),
 * and is restored once the target is reachable directly again and fewer than the end threshold of all proxies fail
 * (most of them failing with the target reachable is the providers' trouble, but ejecting nothing then is the safe
 * side). Published as {@code egress.down} /
 * {@code egress.restored}; while it is down, every proxy's results are judged as in an outage of its provider.
 * {@code fleet_health_egress_down} is 1 meanwhile.
 *
 * <p>Every replica reads the outages from the database every second, whichever replica judged them: its schedule
 * probes the proxies they cover gently ({@link #inOutage}) and hears when one ended ({@link OutagesEnded}), so that
 * their proxies return to the regular schedule at once.
 */
@ApplicationScoped
public class ProviderOutages {

    private final OutageStore store;
    private final Outbox outbox;
    /** Replaced when the settings change (see {@link #apply}). */
    private volatile OutageRule rule;
    private final DirectCheck direct;
    private final MeterRegistry registry;
    private final Event<OutagesEnded> outagesEnded;
    private final Map<Long, AtomicInteger> outageByProvider = new ConcurrentHashMap<>();
    private final AtomicInteger egressDown = new AtomicInteger();
    /**
     * Providers not in outage with at least {@code outage-min-proxies} of their proxies failing, as this replica's last
     * judgement of each found them: perhaps an outage whose share is not yet known (see {@link #holdsFastProbes}).
     */
    private final Set<Long> suspected = ConcurrentHashMap.newKeySet();
    /** The outages at the last read; written by that read only. */
    private volatile Outages lastRead = Outages.NONE;

    public ProviderOutages(OutageStore store, Outbox outbox, HealthConfig config, DirectCheck direct,
            MeterRegistry registry, Event<OutagesEnded> outagesEnded) {
        this.store = store;
        this.outbox = outbox;
        this.direct = direct;
        this.outagesEnded = outagesEnded;
        this.rule = ProbeSettings.startUp(config).outage();
        this.registry = registry;
        Gauge.builder("fleet.health.egress.down", egressDown, AtomicInteger::get)
                .description("1 while our own egress is down (most proxies failing, the probe target unreachable directly)")
                .register(registry);
    }

    /** New settings: the next probes' providers and our egress are judged by their outage rule. */
    void apply(@Observes ProbeSettings settings) {
        rule = settings.outage();
    }

    /**
     * Judges these providers again, after the probes of their proxies were written in {@code tx}, and our egress
     * while the direct check fails or it is down; answers the outages now. {@code failed}: some of the probes failed,
     * so the direct check is wanted.
     */
    public Uni<Outages> judge(Tx tx, Set<Long> providers, boolean failed) {
        if (failed) {
            direct.wanted();
        }
        // one rule and one direct check for the whole judgement, though either may change meanwhile
        OutageRule current = rule;
        boolean reachable = direct.reachable();
        TreeSet<Long> judged = new TreeSet<>(providers);
        if (!reachable || lastRead.ids().contains(Outages.EGRESS)) {
            judged.add(Outages.EGRESS);
        }
        if (judged.isEmpty()) {
            return Uni.createFrom().item(Outages.NONE);
        }
        return store.lockAndCount(tx, judged).chain(counts -> {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Map<Count, Boolean> decided = counts.stream()
                    .collect(Collectors.toMap(count -> count, count -> decide(count, current, reachable)));
            Outages now = new Outages(counts.stream().filter(decided::get).map(Count::providerId)
                    .collect(Collectors.toUnmodifiableSet()));
            counts.stream().filter(count -> count.providerId() != Outages.EGRESS).forEach(count -> {
                if (!decided.get(count) && count.failing() >= current.minProxies()) {
                    suspected.add(count.providerId());
                } else {
                    suspected.remove(count.providerId());
                }
            });
            List<Change> changes = counts.stream().filter(count -> decided.get(count) != count.wasInOutage())
                    .map(count -> new Change(new ProviderOutageData(count.providerId(), count.failedShare(), at),
                            decided.get(count)))
                    .toList();
            if (changes.isEmpty()) {
                return Uni.createFrom().item(now);
            }
            changes.forEach(ProviderOutages::log);
            return Uni.combine().all().unis(store.mark(tx, changes),
                    publish(tx, changes, true, false, EventType.PROVIDER_OUTAGE_STARTED),
                    publish(tx, changes, false, false, EventType.PROVIDER_OUTAGE_ENDED),
                    publish(tx, changes, true, true, EventType.EGRESS_DOWN),
                    publish(tx, changes, false, true, EventType.EGRESS_RESTORED)).discardItems().replaceWith(now);
        });
    }

    /**
     * A provider's outage by its rule. Our egress goes down by that rule over all proxies while the direct check fails
     * as well, and is restored only once both are over: so the proxies were probed again since the target came back.
     */
    private static boolean decide(Count count, OutageRule rule, boolean reachable) {
        boolean byShare = rule.inOutage(count.wasInOutage(), count.enabled(), count.failing());
        if (count.providerId() != Outages.EGRESS) {
            return byShare;
        }
        return count.wasInOutage() ? byShare || !reachable : byShare && !reachable;
    }

    private Uni<Void> publish(Tx tx, List<Change> changes, boolean inOutage, boolean egress, EventType type) {
        List<Change> these = changes.stream().filter(change -> change.inOutage() == inOutage
                && (change.data().providerId() == Outages.EGRESS) == egress).toList();
        return egress
                ? outbox.appendAll(tx, type, these.stream().map(c -> new EgressData(c.data().failedShare(), c.data().at()))
                        .toList())
                : outbox.appendAll(tx, type, these.stream().map(Change::data).toList());
    }

    private static void log(Change change) {
        if (change.data().providerId() == Outages.EGRESS) {
            Log.warnf("Our egress: %s (%.0f %% of all proxies failing)", change.inOutage()
                    ? "down, the probe target unreachable directly too" : "restored", change.data().failedShare() * 100);
        } else {
            Log.warnf("Provider %d: outage %s (%.0f %% of its proxies failing)", change.data().providerId(),
                    change.inOutage() ? "started" : "ended", change.data().failedShare() * 100);
        }
    }

    /** Whether a proxy of the provider (null: none) was covered by an outage at the last read, at most a second ago. */
    public boolean inOutage(Long providerId) {
        return lastRead.covers(providerId);
    }

    /**
     * Whether the provider's proxies (null: a proxy of none) are probed without fast re-probes: while it is in outage
     * or our egress is down, and while it is suspected of one. An outage is judged by the share of the provider's
     * proxies failing, which is known only once they were probed since it began, about one interval; fast re-probes
     * would fail the first of them within {@code fall − 1} fast intervals, before that, and move their accounts. So once
     * {@code outage-min-proxies} of a provider's proxies fail (the fewest that can start an outage), the rest of its
     * falls wait for the regular schedule, by which time the outage is known if there is one. The suspicion is this
     * replica's last judgement of the provider: a hint for the schedule, not a state anyone else relies on.
     */
    public boolean holdsFastProbes(Long providerId) {
        return inOutage(providerId) || providerId != null && suspected.contains(providerId);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> readOutages() {
        return store.outages().invoke(outages -> {
            Set<Long> now = outages.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                    .collect(Collectors.toUnmodifiableSet());
            Set<Long> over = lastRead.ids().stream().filter(id -> !now.contains(id))
                    .collect(Collectors.toUnmodifiableSet());
            lastRead = new Outages(now);
            if (!over.isEmpty()) {
                outagesEnded.fire(new OutagesEnded(new Outages(over)));
            }
            // After the schedule heard of them: the gauges tell when every probe is timed by them (tests wait for it).
            egressDown.set(now.contains(Outages.EGRESS) ? 1 : 0);
            outages.entrySet().stream().filter(outage -> outage.getKey() != Outages.EGRESS).forEach(outage ->
                    outageByProvider.computeIfAbsent(outage.getKey(), this::gauge).set(outage.getValue() ? 1 : 0));
        }).replaceWithVoid();
    }

    private AtomicInteger gauge(long provider) {
        AtomicInteger inOutage = new AtomicInteger();
        Gauge.builder("fleet.health.provider.outage", inOutage, AtomicInteger::get).tag("provider", Long.toString(provider))
                .description("1 while the provider is in outage (most of its proxies failing at once)").register(registry);
        return inOutage;
    }
}
