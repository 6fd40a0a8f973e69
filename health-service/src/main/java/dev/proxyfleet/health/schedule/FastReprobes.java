package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.health.state.ProxyHealth;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Fast re-probes, like HAProxy's {@code fastinter}: while a proxy is changing state (a working one has failed but is
 * not {@code failed} yet, or a failed one has succeeded but not risen yet), or after a client reported a failed use,
 * its next probe comes after {@code fast-interval} (± jitter) instead of the interval. A dead proxy is then failed about
 * one interval plus {@code (fall − 1)} fast intervals after it died, not {@code fall} intervals.
 *
 * <p>The fast interval may not be shorter than a tenth of the timeout: a probe of a proxy that does not answer takes the
 * timeout anyway, so a shorter pause would hardly speed up detection, while it would let a proxy that refuses at once
 * be probed many times a second.
 *
 * <p>Fleet-wide budget, so that many proxies failing together (a provider outage) cannot crowd out the regular
 * schedule: a token bucket that holds a quarter of {@code max-concurrency} and refills by as many per timeout (the
 * rate at which a quarter of the slots turn over when every probe runs into the timeout). So within any span of one
 * timeout at most half of the slots' worth of fast re-probes are scheduled (a full bucket plus one timeout's refill);
 * as a probe holds its slot for at most the timeout, they take about half of the slots at most and the regular
 * schedule keeps the rest. With 500 slots and a 10 s timeout: 125 at once, then 12.5 per second. A proxy that finds the bucket empty keeps its regular delay: it is detected no later than
 * without fast re-probes.
 */
final class FastReprobes {

    /** The part of the probe slots the bucket holds. */
    private static final double SHARE_OF_SLOTS = 0.25;

    private final long fastIntervalMs;
    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    /** @param nanoTime the clock the bucket refills by, {@link System#nanoTime()} outside tests */
    FastReprobes(Duration fastInterval, Duration timeout, int maxConcurrency, LongSupplier nanoTime) {
        if (fastInterval.multipliedBy(10).compareTo(timeout) < 0) {
            throw new IllegalArgumentException("health.fast-interval must be at least a tenth of health.timeout ("
                    + timeout.dividedBy(10).toMillis() + " ms)");
        }
        this.fastIntervalMs = fastInterval.toMillis();
        this.capacity = Math.max(1, Math.floor(maxConcurrency * SHARE_OF_SLOTS));
        this.tokensPerNano = capacity / Math.max(1, timeout.toNanos());
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Whether the proxy is between states: failing but not failed yet, or succeeding but not risen yet. */
    static boolean changing(ProxyHealth health) {
        return health.state() == HealthState.FAILED ? health.consecutiveSuccesses() > 0 : health.consecutiveFailures() > 0;
    }

    /** The delay before the proxy's next probe when it is changing state and the budget allows a fast re-probe. */
    OptionalLong nextMs(ProbeDelays delays, ProxyHealth health) {
        return changing(health) && take() ? OptionalLong.of(delayMs(delays)) : OptionalLong.empty();
    }

    /** The delay of a fast re-probe of a proxy with these delays. */
    long delayMs(ProbeDelays delays) {
        return delays.fastMs(fastIntervalMs);
    }

    /** Counts one fast re-probe against the budget; false when the budget is spent for now. */
    synchronized boolean take() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
