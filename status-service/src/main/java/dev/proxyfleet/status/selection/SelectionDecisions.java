package dev.proxyfleet.status.selection;

import dev.proxyfleet.messaging.LogCode;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetSnapshot;
import dev.proxyfleet.status.model.ProxyStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every best-proxy and key decision, counted in {@code fleet_selections_total{strategy,outcome}} and logged at DEBUG
 * in this package's category ({@code dev.proxyfleet.status.selection}, off by default): the code, the strategy, the
 * choice and, in counts per reason, why the other proxies or keys were passed over. The reasons are counted only
 * while the line is logged, as they cost a pass over the fleet.
 */
@ApplicationScoped
public class SelectionDecisions {

    /** The {@code strategy} label of key selection, which has one strategy of its own. */
    static final String KEY_STRATEGY = "api-key";
    /** The {@code strategy} label while the proxy system is disabled, when no strategy is looked at. */
    static final String NO_STRATEGY = "none";

    private final MeterRegistry registry;
    private final FleetModel model;
    private final SelectionSettings settings;
    private final KeySelector keys;

    public SelectionDecisions(MeterRegistry registry, FleetModel model, SelectionSettings settings, KeySelector keys) {
        this.registry = registry;
        this.model = model;
        this.settings = settings;
        this.keys = keys;
    }

    /**
     * A proxy was handed out: outcome {@code selected}, or {@code selected_in_outage} when its provider is in outage
     * (no proxy of another provider qualified).
     */
    public void selected(Strategy strategy, Criteria criteria, ProxyStatus chosen) {
        boolean inOutage = model.snapshot().providerInOutage(chosen);
        count(strategy.parameter(), inOutage ? "selected_in_outage" : "selected");
        if (debugging()) {
            LogCode.PROXY_SELECTED.log(SelectionDecisions.class, Logger.Level.DEBUG,
                    "proxy %d%s, strategy %s%s; skipped %s", chosen.id(), inOutage ? " (its provider in outage)" : "",
                    strategy.parameter(), criteria.describe(), skipped(strategy, criteria, chosen));
        }
    }

    /** None fits and fallback to direct is on. */
    public void direct(Strategy strategy, Criteria criteria) {
        count(strategy.parameter(), "direct");
        if (debugging()) {
            LogCode.NO_PROXY_DIRECT.log(SelectionDecisions.class, Logger.Level.DEBUG, "strategy %s%s; skipped %s",
                    strategy.parameter(), criteria.describe(), skipped(strategy, criteria, null));
        }
    }

    /** None fits: the 404. */
    public void notFound(Strategy strategy, Criteria criteria) {
        count(strategy.parameter(), "not_found");
        if (debugging()) {
            LogCode.NO_PROXY_FOUND.log(SelectionDecisions.class, Logger.Level.DEBUG, "strategy %s%s; skipped %s",
                    strategy.parameter(), criteria.describe(), skipped(strategy, criteria, null));
        }
    }

    /** The proxy system is disabled (runtime settings): {@code what} was asked for, direct was answered. */
    public void disabled(String what) {
        count(NO_STRATEGY, "disabled");
        LogCode.PROXY_SYSTEM_DISABLED.log(SelectionDecisions.class, Logger.Level.DEBUG, "asked for %s", what);
    }

    public void keySelected(String pool, KeySelector.Choice choice, Instant now) {
        count(KEY_STRATEGY, "selected");
        if (debugging()) {
            LogCode.KEY_SELECTED.log(SelectionDecisions.class, Logger.Level.DEBUG, "key %d on proxy %d, pool '%s'; %s",
                    choice.key().id(), choice.proxy().id(), pool, keys.passedOver(pool, now));
        }
    }

    /** No key usable and fallback to direct is on. */
    public void keyDirect(String pool, Instant now) {
        count(KEY_STRATEGY, "direct");
        if (debugging()) {
            LogCode.NO_KEY_DIRECT.log(SelectionDecisions.class, Logger.Level.DEBUG, "%s", keys.reason(pool, now));
        }
    }

    /** No key usable: the 404. */
    public void keyNotFound(String pool, Instant now) {
        count(KEY_STRATEGY, "not_found");
        if (debugging()) {
            LogCode.NO_KEY_FOUND.log(SelectionDecisions.class, Logger.Level.DEBUG, "%s", keys.reason(pool, now));
        }
    }

    private void count(String strategy, String outcome) {
        registry.counter("fleet.selections", "strategy", strategy, "outcome", outcome).increment();
    }

    private boolean debugging() {
        return Logger.getLogger(SelectionDecisions.class).isDebugEnabled();
    }

    /** How many of the other proxies were passed over for which reason, e.g. {@code {disabled=1, failed=2}}. */
    private Map<String, Long> skipped(Strategy strategy, Criteria criteria, ProxyStatus chosen) {
        FleetSnapshot snapshot = model.snapshot();
        boolean preferred = chosen != null && !snapshot.providerInOutage(chosen);
        return snapshot.all().stream().filter(proxy -> chosen == null || proxy.id() != chosen.id())
                .collect(Collectors.groupingBy(proxy -> skipReason(strategy, criteria, proxy,
                        preferred && snapshot.providerInOutage(proxy)), TreeMap::new, Collectors.counting()));
    }

    /**
     * The first reason that rules the proxy out: the request's filters first, as they say what was asked for.
     * {@code outageLast}: the proxy's provider is in outage and one of another provider was chosen.
     */
    private String skipReason(Strategy strategy, Criteria criteria, ProxyStatus proxy, boolean outageLast) {
        if (!criteria.predicate().test(proxy)) {
            return "not-matching";
        }
        if (!proxy.enabled()) {
            return "disabled";
        }
        if (!proxy.isSelectable()) {
            return proxy.health();
        }
        if (strategy == Strategy.HEALTH_SCORE && (proxy.score() == null || proxy.score() < settings.minScore())) {
            return "score-below-" + settings.minScore();
        }
        return outageLast ? "provider-outage" : "ranked-lower";
    }
}
