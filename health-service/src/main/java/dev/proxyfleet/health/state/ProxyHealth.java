package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthState;

/**
 * Everything health-service knows about one proxy's health at a moment.
 *
 * @param consecutiveFailures failed probes since the last successful one
 * @param consecutiveSuccesses successful probes since the last failed one (or failing report)
 * @param usageFailures failed uses reported since the last successful one
 * @param recent the last results (probes and reported uses), oldest first, one {@link Outcome#mark()} each
 * @param latencyMs latency of the last probe when it succeeded, else null
 * @param score 0–100, see {@link HealthRules}
 * @param error why the last probe or use failed; null after a success
 */
public record ProxyHealth(HealthState state, int consecutiveFailures, int consecutiveSuccesses, int usageFailures,
        String recent, Long latencyMs, int score, String error) {

    /** A proxy never probed. */
    public static final ProxyHealth UNKNOWN = new ProxyHealth(HealthState.UNKNOWN, 0, 0, 0, "", null, 0, null);
}
