package dev.proxyfleet.status.model;

import java.util.Collection;

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
        int[] byHealth = new int[4];
        int enabled = 0;
        for (ProxyStatus proxy : proxies) {
            if (proxy.enabled()) {
                enabled++;
                byHealth[index(proxy.health())]++;
            }
        }
        HealthCounts counts = new HealthCounts(byHealth[0], byHealth[1], byHealth[2], byHealth[3]);
        return new StatusSummary(overall(enabled, counts.healthy()), counts, proxies.size(), enabled);
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
