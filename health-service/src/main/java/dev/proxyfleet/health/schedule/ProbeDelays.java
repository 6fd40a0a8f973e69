package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.health.state.ProxyHealth;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

/**
 * When a proxy is probed next. A new proxy waits a random part of the interval, so a fleet loaded at once does not
 * probe at once; later delays vary by the jitter either way. A failed proxy backs off: each failed probe beyond
 * {@code fall} multiplies the interval by the backoff factor, up to the down maximum. A proxy whose provider is in
 * outage is probed at the gentle outage interval instead, whatever its state (or at its own interval when longer).
 */
public final class ProbeDelays {

    /** The inventory label that gives one proxy its own interval, e.g. {@code health-interval=10s} (ms, s, m, h). */
    public static final String INTERVAL_LABEL = "health-interval=";
    private static final Pattern DURATION = Pattern.compile("([1-9]\\d{0,8})(ms|s|m|h)");

    private final long intervalMs;
    private final double jitter;
    private final int fall;
    private final double downBackoff;
    private final long downMaxMs;
    private final long outageIntervalMs;
    private final RandomGenerator random;

    public ProbeDelays(Duration interval, double jitter, int fall, double downBackoff, Duration downMax,
            Duration outageInterval, RandomGenerator random) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be at least 0 and below 1");
        }
        this.intervalMs = interval.toMillis();
        this.jitter = jitter;
        this.fall = fall;
        this.downBackoff = downBackoff;
        this.downMaxMs = Math.max(downMax.toMillis(), intervalMs);
        this.outageIntervalMs = Math.max(outageInterval.toMillis(), intervalMs);
        this.random = random;
    }

    /** These delays, or the same with the proxy's own interval when one of its labels gives a readable one. */
    public ProbeDelays forLabels(List<String> labels) {
        return labels.stream().filter(label -> label.startsWith(INTERVAL_LABEL))
                .map(label -> DURATION.matcher(label.substring(INTERVAL_LABEL.length())))
                .filter(Matcher::matches).findFirst()
                .map(m -> new ProbeDelays(Duration.of(Long.parseLong(m.group(1)), unit(m.group(2))), jitter, fall,
                        downBackoff, Duration.ofMillis(downMaxMs), Duration.ofMillis(outageIntervalMs), random))
                .orElse(this);
    }

    private static ChronoUnit unit(String symbol) {
        return switch (symbol) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.HOURS;
        };
    }

    /** Delay before the first probe of a proxy this instance has just taken over. */
    public long firstMs() {
        return (long) (random.nextDouble() * intervalMs);
    }

    /** Delay before the next probe of a proxy in this health, its provider in outage or not. */
    public long nextMs(ProxyHealth health, boolean providerOutage) {
        return jittered(providerOutage ? outageIntervalMs : baseMs(health));
    }

    /** Delay before a fast re-probe: the fast interval, or this proxy's own interval when that is shorter. */
    public long fastMs(long fastIntervalMs) {
        return jittered(Math.min(fastIntervalMs, intervalMs));
    }

    private long jittered(long baseMs) {
        return Math.round(baseMs * (1 + jitter * (2 * random.nextDouble() - 1)));
    }

    long baseMs(ProxyHealth health) {
        if (health.state() != HealthState.FAILED || health.consecutiveFailures() <= fall) {
            return intervalMs;
        }
        double backedOff = intervalMs * Math.pow(downBackoff, health.consecutiveFailures() - fall);
        return (long) Math.min(backedOff, downMaxMs);
    }
}
