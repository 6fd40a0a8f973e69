package dev.proxyfleet.health.outage;

/**
 * When a provider, not its proxies, is down (Envoy's panic threshold), with hysteresis. An outage starts at
 * {@code threshold} of its enabled proxies failing, and at least {@code minProxies} of them, so that two failing
 * proxies of a provider of three are still two proxies' failures. It ends only once fewer than {@code endThreshold}
 * fail: a share wavering around the threshold (a proxy recovering, the next failing) would otherwise start and end an
 * outage with every probe, and each end moves the accounts of the proxies still failing.
 *
 * @param threshold the share of failing proxies (0 excluded, 1 included) at which the outage starts
 * @param endThreshold the share below which it ends: above 0, below {@code threshold}
 * @param minProxies the fewest failing proxies that start an outage
 */
public record OutageRule(double threshold, double endThreshold, int minProxies) {

    public OutageRule {
        if (threshold <= 0 || threshold > 1 || minProxies < 1) {
            throw new IllegalArgumentException("the threshold must be above 0 and at most 1, the minimum at least 1");
        }
        if (endThreshold <= 0 || endThreshold >= threshold) {
            throw new IllegalArgumentException("the end threshold must be above 0 and below the threshold");
        }
    }

    /**
     * Whether a provider with {@code enabled} probed proxies, {@code failing} of them failing now, is in outage, given
     * whether it was.
     */
    public boolean inOutage(boolean wasInOutage, long enabled, long failing) {
        if (wasInOutage) {
            return failing > 0 && failing >= endThreshold * enabled;
        }
        return failing >= minProxies && failing >= threshold * enabled;
    }
}
