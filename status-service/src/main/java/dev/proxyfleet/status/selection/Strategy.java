package dev.proxyfleet.status.selection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How {@code /api/proxies/best} picks one of the proxies that fit. */
public enum Strategy {
    /** Healthy before degraded, then priority (0 = highest), then latency. */
    PRIORITY,
    /** Each call the next usable proxy, in id order. */
    ROUND_ROBIN,
    /** Fewest consecutive failed probes, then latency. */
    LEAST_ERRORS,
    /** At random, weighted by health score. */
    WEIGHTED_RANDOM,
    /** Highest health score, at least the configured minimum. */
    HEALTH_SCORE;

    /** The query parameter value, e.g. {@code round-robin}. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Strategy> fromParameter(String value) {
        return Arrays.stream(values()).filter(s -> s.parameter().equals(value)).findFirst();
    }
}
