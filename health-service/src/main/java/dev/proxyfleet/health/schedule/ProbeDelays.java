package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.health.state.ProxyHealth;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a proxy is probed next. A new proxy waits a random part of the interval, so a fleet loaded at once does not
 * probe at once; later delays vary by the jitter either way. A failed proxy backs off: each failed probe beyond
 * {@code fall} multiplies the interval by the backoff factor, up to the down maximum.
 */
public final class ProbeDelays {

    private final long intervalMs;
    private final double jitter;
    private final int fall;
    private final double downBackoff;
    private final long downMaxMs;
    private final RandomGenerator random;

    public ProbeDelays(Duration interval, double jitter, int fall, double downBackoff, Duration downMax,
            RandomGenerator random) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be at least 0 and below 1");
        }
        this.intervalMs = interval.toMillis();
        this.jitter = jitter;
        this.fall = fall;
        this.downBackoff = downBackoff;
        this.downMaxMs = Math.max(downMax.toMillis(), intervalMs);
        this.random = random;
    }

    /** Delay before the first probe of a proxy this instance has just taken over. */
    public long firstMs() {
        return (long) (random.nextDouble() * intervalMs);
    }

    /** Delay before the next probe of a proxy in this health. */
    public long nextMs(ProxyHealth health) {
        return Math.round(baseMs(health) * (1 + jitter * (2 * random.nextDouble() - 1)));
    }

    long baseMs(ProxyHealth health) {
        if (health.state() != HealthState.FAILED || health.consecutiveFailures() <= fall) {
            return intervalMs;
        }
        double backedOff = intervalMs * Math.pow(downBackoff, health.consecutiveFailures() - fall);
        return (long) Math.min(backedOff, downMaxMs);
    }
}
