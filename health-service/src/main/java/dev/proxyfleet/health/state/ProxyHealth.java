package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthState;

/**
 * Everything health-service knows about one proxy's health at a moment.
 *
 * @param recent the last results, oldest first, one {@link Outcome#mark()} each
 * @param latencyMs latency of the last probe when it succeeded, else null
 * @param error why the last probe or use failed; null after a success
 */
public record ProxyHealth(HealthState state, int consecutiveFailures, int consecutiveSuccesses, int usageFailures,
        String recent, Long latencyMs, String error) {

    /** A proxy never probed. */
    public static final ProxyHealth UNKNOWN = new ProxyHealth(HealthState.UNKNOWN, 0, 0, 0, "", null, null);

    /** 0–100: the share of successes in the window, slow ones counting half; 0 without any result. */
    public int score() {
        if (recent.isEmpty()) {
            return 0;
        }
        int points = recent.chars().map(c -> Outcome.points((char) c)).sum();
        return Math.round(50f * points / recent.length());
    }
}
