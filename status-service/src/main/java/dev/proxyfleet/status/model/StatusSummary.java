package dev.proxyfleet.status.model;

import java.util.Collection;
import java.util.List;

/**
 * The overall state and the counts of a set of proxies.
 *
 * @param counts enabled proxies by health
 * @param total proxies, enabled or not
 * @param enabled enabled proxies
 */
public record StatusSummary(Overall overall, HealthCounts counts, int total, int enabled) {

    /** Enabled proxies by health. */
    public record HealthCounts(int healthy, int degraded, int failed, int unknown) {
    }

    public static StatusSummary of(Collection<ProxyStatus> proxies) {
        return new StatusSummary(Overall.EMPTY, new HealthCounts(0, 0, 0, 0), 0, 0).changed(List.of(), proxies);
    }

    /** This summary after the proxies {@code left} were replaced or removed and the proxies {@code joined} added. */
    public StatusSummary changed(Collection<ProxyStatus> left, Collection<ProxyStatus> joined) {
        int[] byHealth = {counts.healthy(), counts.degraded(), counts.failed(), counts.unknown()};
        int[] enabled = {this.enabled};
        left.forEach(proxy -> count(proxy, -1, byHealth, enabled));
        joined.forEach(proxy -> count(proxy, 1, byHealth, enabled));
        HealthCounts after = new HealthCounts(byHealth[0], byHealth[1], byHealth[2], byHealth[3]);
        return new StatusSummary(overall(enabled[0], after.healthy()), after, total - left.size() + joined.size(), enabled[0]);
    }

    private static void count(ProxyStatus proxy, int sign, int[] byHealth, int[] enabled) {
        if (proxy.enabled()) {
            enabled[0] += sign;
            byHealth[index(proxy.health())] += sign;
        }
    }

    private static Overall overall(int enabled, int healthy) {
        if (enabled == 0) {
            return Overall.EMPTY;
        }
        if (healthy == enabled) {
            return Overall.HEALTHY;
        }
        return healthy > 0 ? Overall.DEGRADED : Overall.DOWN;
    }

    private static int index(String health) {
        return switch (health) {
            case ProxyStatus.HEALTHY -> 0;
            case ProxyStatus.DEGRADED -> 1;
            case ProxyStatus.FAILED -> 2;
            default -> 3;
        };
    }
}
