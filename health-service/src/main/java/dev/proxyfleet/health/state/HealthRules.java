package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.UsageOutcome;

/**
 * The state machine of a proxy's health. Like HAProxy's checks, a working proxy becomes {@code failed} after
 * {@code fall} consecutive failed probes, and a failed one comes back after {@code rise} consecutive successful ones;
 * a never-probed proxy is {@code unknown} until its first success or its {@code fall}-th failure. Up means
 * {@code healthy}, or {@code degraded} when the last success was slower than the degraded-latency bound. Clients'
 * reports count too: {@code usageFall} consecutive failed uses make a proxy {@code failed}.
 */
public final class HealthRules {

    private final int fall;
    private final int rise;
    private final int window;
    private final int usageFall;

    public HealthRules(int fall, int rise, int window, int usageFall) {
        if (fall < 1 || rise < 1 || window < 1 || usageFall < 1) {
            throw new IllegalArgumentException("fall, rise, window and usage-fall must be at least 1");
        }
        this.fall = fall;
        this.rise = rise;
        this.window = window;
        this.usageFall = usageFall;
    }

    /** The health after one probe. */
    public ProxyHealth afterProbe(ProxyHealth before, Outcome outcome, Long latencyMs, String error) {
        String recent = append(before.recent(), outcome);
        if (outcome == Outcome.DOWN) {
            int failures = before.consecutiveFailures() + 1;
            boolean failed = before.state() == HealthState.FAILED || failures >= fall;
            return new ProxyHealth(failed ? HealthState.FAILED : before.state(), failures, 0, before.usageFailures(),
                    recent, null, error);
        }
        int successes = before.consecutiveSuccesses() + 1;
        HealthState up = outcome == Outcome.SLOW ? HealthState.DEGRADED : HealthState.HEALTHY;
        if (before.state() == HealthState.FAILED && successes < rise) {
            return new ProxyHealth(HealthState.FAILED, 0, successes, before.usageFailures(), recent, latencyMs, null);
        }
        // Coming back clears the failed uses that may have caused the failure.
        int usageFailures = before.state() == HealthState.FAILED ? 0 : before.usageFailures();
        return new ProxyHealth(up, 0, successes, usageFailures, recent, latencyMs, null);
    }

    /** The health after a client reported one use of the proxy. */
    public ProxyHealth afterUsage(ProxyHealth before, UsageOutcome outcome, String error) {
        if (outcome == UsageOutcome.SUCCESS) {
            return new ProxyHealth(before.state(), before.consecutiveFailures(), before.consecutiveSuccesses(), 0,
                    append(before.recent(), Outcome.UP), before.latencyMs(), before.error());
        }
        int usageFailures = before.usageFailures() + 1;
        String recent = append(before.recent(), Outcome.DOWN);
        if (usageFailures < usageFall) {
            return new ProxyHealth(before.state(), before.consecutiveFailures(), before.consecutiveSuccesses(),
                    usageFailures, recent, before.latencyMs(), before.error());
        }
        String why = usageFailures + " consecutive failed uses reported" + (error == null ? "" : ", last: " + error);
        // Successes counted before the failure do not count towards rise.
        return new ProxyHealth(HealthState.FAILED, before.consecutiveFailures(), 0, usageFailures, recent,
                before.latencyMs(), why);
    }

    private String append(String recent, Outcome outcome) {
        String appended = recent + outcome.mark();
        return appended.length() > window ? appended.substring(appended.length() - window) : appended;
    }
}
