package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.UsageOutcome;
import java.time.Duration;

/**
 * The state machine of a proxy's health. Like HAProxy's checks, a proxy becomes {@code failed} after {@code fall}
 * consecutive failed probes, and a failed one comes back after {@code rise} consecutive successful ones; a
 * never-probed proxy is {@code unknown} until its first success or its {@code fall}-th failure. A degraded result
 * (slow, or a 4xx from the target) makes a working proxy {@code degraded} at once, a good one {@code healthy}.
 * Clients' reports count too, like outlier ejection: {@code usageFall} consecutive failed uses make a proxy
 * {@code failed} until probes bring it back.
 *
 * <p>Score: 70 % success rate over the window + 30 % latency score (100 at ≤ 100 ms, falling linearly to 0 at the
 * probe timeout, 0 without a latency), times 0.9 while the last probe failed.
 */
public final class HealthRules {

    private static final long FULL_MARKS_MS = 100;

    private final int fall;
    private final int rise;
    private final int window;
    private final int usageFall;
    private final long timeoutMs;

    public HealthRules(int fall, int rise, int window, int usageFall, Duration timeout) {
        if (fall < 1 || rise < 1 || window < 1 || usageFall < 1) {
            throw new IllegalArgumentException("fall, rise, window and usage-fall must be at least 1");
        }
        this.fall = fall;
        this.rise = rise;
        this.window = window;
        this.usageFall = usageFall;
        this.timeoutMs = Math.max(timeout.toMillis(), FULL_MARKS_MS + 1);
    }

    /** The health after one probe. */
    public ProxyHealth afterProbe(ProxyHealth before, Outcome outcome, Long latencyMs, String error) {
        String recent = append(before.recent(), outcome);
        if (outcome == Outcome.DOWN) {
            int failures = before.consecutiveFailures() + 1;
            boolean failed = before.state() == HealthState.FAILED || failures >= fall;
            return scored(failed ? HealthState.FAILED : before.state(), failures, 0, before.usageFailures(), recent,
                    null, error);
        }
        int successes = before.consecutiveSuccesses() + 1;
        if (before.state() == HealthState.FAILED && successes < rise) {
            return scored(HealthState.FAILED, 0, successes, before.usageFailures(), recent, latencyMs, error);
        }
        HealthState up = outcome == Outcome.DEGRADED ? HealthState.DEGRADED : HealthState.HEALTHY;
        // Coming back clears the failed uses that may have caused the failure.
        int usageFailures = before.state() == HealthState.FAILED ? 0 : before.usageFailures();
        return scored(up, 0, successes, usageFailures, recent, latencyMs, error);
    }

    /** The health after a client reported one use of the proxy. */
    public ProxyHealth afterUsage(ProxyHealth before, UsageOutcome outcome, String error) {
        if (outcome == UsageOutcome.SUCCESS) {
            return scored(before.state(), before.consecutiveFailures(), before.consecutiveSuccesses(), 0,
                    append(before.recent(), Outcome.UP), before.latencyMs(), before.error());
        }
        int usageFailures = before.usageFailures() + 1;
        String recent = append(before.recent(), Outcome.DOWN);
        if (usageFailures < usageFall) {
            return scored(before.state(), before.consecutiveFailures(), before.consecutiveSuccesses(), usageFailures,
                    recent, before.latencyMs(), before.error());
        }
        String why = usageFailures + " consecutive failed uses reported" + (error == null ? "" : ", last: " + error);
        // Successes counted before the failure do not count towards rise.
        return scored(HealthState.FAILED, before.consecutiveFailures(), 0, usageFailures, recent, before.latencyMs(), why);
    }

    /** The score of a window of results, the last probe's latency, and whether the last probe failed. */
    public int score(String recent, Long latencyMs, boolean lastProbeFailed) {
        if (recent.isEmpty()) {
            return 0;
        }
        double successRate = recent.chars().filter(c -> c != Outcome.DOWN.mark()).count() / (double) recent.length();
        double latencyScore = latencyMs == null ? 0
                : Math.min(1, Math.max(0, (timeoutMs - latencyMs) / (double) (timeoutMs - FULL_MARKS_MS)));
        double score = 70 * successRate + 30 * latencyScore;
        return (int) Math.round(lastProbeFailed ? score * 0.9 : score);
    }

    private ProxyHealth scored(HealthState state, int failures, int successes, int usageFailures, String recent,
            Long latencyMs, String error) {
        return new ProxyHealth(state, failures, successes, usageFailures, recent, latencyMs,
                score(recent, latencyMs, failures > 0), error);
    }

    private String append(String recent, Outcome outcome) {
        String appended = recent + outcome.mark();
        return appended.length() > window ? appended.substring(appended.length() - window) : appended;
    }
}
