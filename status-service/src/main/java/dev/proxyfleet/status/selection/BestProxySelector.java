package dev.proxyfleet.status.selection;

import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetSnapshot;
import dev.proxyfleet.status.model.ProxyStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Picks the best proxy from the in-memory model. Usable proxies are enabled and {@code healthy} or {@code degraded}:
 * a proxy never probed or failing is not handed out. The proxies of providers in outage come last whatever the
 * strategy: each strategy picks among the others first, and among them only when none of the others qualifies (for
 * {@code health-score}, none reaches the minimum score). Most of such a provider's proxies are failing, so the few
 * still working are likely to be next.
 */
@ApplicationScoped
public class BestProxySelector {

    private static final Comparator<ProxyStatus> LATENCY =
            Comparator.comparing(ProxyStatus::latencyMs, Comparator.nullsLast(Comparator.naturalOrder()));

    private final FleetModel model;
    private final SelectionSettings config;
    private final AtomicLong turn = new AtomicLong();

    public BestProxySelector(FleetModel model, SelectionSettings config) {
        this.model = model;
        this.config = config;
    }

    /** The chosen proxy, or empty when none fits; {@link #reason} says why. */
    public Optional<ProxyStatus> select(Strategy strategy, Criteria criteria) {
        FleetSnapshot snapshot = model.snapshot();
        Map<Boolean, List<ProxyStatus>> usable = snapshot.all().stream()
                .filter(ProxyStatus::isSelectable).filter(criteria.predicate())
                .collect(Collectors.partitioningBy(snapshot::providerInOutage));
        return pick(strategy, usable.get(false)).or(() -> pick(strategy, usable.get(true)));
    }

    private Optional<ProxyStatus> pick(Strategy strategy, List<ProxyStatus> usable) {
        return switch (strategy) {
            case PRIORITY -> usable.stream().min(Comparator.comparing((ProxyStatus p) -> !p.isHealthy())
                    .thenComparingInt(ProxyStatus::priority).thenComparing(LATENCY));
            case ROUND_ROBIN -> usable.isEmpty() ? Optional.empty()
                    : Optional.of(usable.get((int) Math.floorMod(turn.getAndIncrement(), (long) usable.size())));
            case LEAST_ERRORS -> usable.stream().min(Comparator.comparingInt(ProxyStatus::consecutiveFailures)
                    .thenComparing(LATENCY));
            case WEIGHTED_RANDOM -> weightedRandom(usable);
            case HEALTH_SCORE -> usable.stream().filter(p -> score(p) >= config.minScore())
                    .max(Comparator.comparingInt(BestProxySelector::score));
        };
    }

    /** Why nothing was found, for the 404. */
    public String reason(Strategy strategy, Criteria criteria) {
        String base = "no enabled healthy or degraded proxy" + criteria.describe();
        return strategy == Strategy.HEALTH_SCORE ? base + " has a health score of at least " + config.minScore() : base;
    }

    private static Optional<ProxyStatus> weightedRandom(List<ProxyStatus> usable) {
        long total = usable.stream().mapToLong(BestProxySelector::score).sum();
        if (total == 0) {
            return usable.isEmpty() ? Optional.empty() : Optional.of(usable.get(ThreadLocalRandom.current().nextInt(usable.size())));
        }
        long ticket = ThreadLocalRandom.current().nextLong(total);
        for (ProxyStatus proxy : usable) {
            ticket -= score(proxy);
            if (ticket < 0) {
                return Optional.of(proxy);
            }
        }
        throw new IllegalStateException("weights changed during the draw");
    }

    private static int score(ProxyStatus proxy) {
        return proxy.score() == null ? 0 : Math.max(0, proxy.score());
    }
}
