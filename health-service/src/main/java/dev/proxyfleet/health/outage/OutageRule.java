package dev.proxyfleet.health.outage;

/**
 * When a provider, not its proxies, is down (Envoy's panic threshold): at least {@code threshold} of its enabled
 * proxies failing, and at least {@code minProxies} of them, so that two failing proxies of a provider of three are
 * still two proxies' failures.
 *
 * @param threshold the share of failing proxies (0 excluded, 1 included) at which the provider is in outage
 * @param minProxies the fewest failing proxies that make an outage
 */
public record OutageRule(double threshold, int minProxies) {

    public OutageRule {
        if (threshold <= 0 || threshold > 1 || minProxies < 1) {
            throw new IllegalArgumentException("the threshold must be above 0 and at most 1, the minimum at least 1");
        }
    }

    /** Whether a provider with {@code enabled} probed proxies, {@code failing} of them failing now, is in outage. */
    public boolean inOutage(long enabled, long failing) {
        return failing >= minProxies && failing >= threshold * enabled;
    }
}
