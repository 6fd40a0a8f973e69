package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;
import java.util.List;

/**
 * The fleet's runtime settings on the compacted {@code fleet-settings} ({@code settings.changed}, one record key), as
 * operators last changed them through inventory-service. A setting is absent until someone sets it: each service then
 * keeps its start-up default (its environment), so the topic overrides only what was changed. A value outside its
 * bounds fails decoding, so a service never applies it.
 *
 * @param proxySystemEnabled off: selection answers direct (or disabled) everywhere, whatever the proxies' health
 * @param healthCheckIntervalMs time between two probes of a proxy that is not failed
 * @param healthCheckTimeoutMs a probe without an answer after this long fails
 * @param fall consecutive failed probes that make a proxy {@code failed}
 * @param rise consecutive successful probes that bring a failed proxy back
 * @param autoDisable on: a proxy reaching {@code fall} failures is also disabled in the inventory
 * @param fallbackToDirect selection answers {@code {"direct": true}} when no proxy fits
 * @param defaultStrategy the selection strategy used when a caller names none, one of {@link #STRATEGIES}
 * @param minScore the lowest health score selection accepts
 * @param outageThreshold the share of a provider's enabled proxies failing at once (above 0, at most 1) that puts it
 *     in outage (Envoy's panic threshold): its failing proxies then keep their accounts
 * @param outageEndThreshold the share below which the outage ends: above 0, below 1, and below
 *     {@code outageThreshold} when both are set (hysteresis)
 * @param outageMinProxies the fewest failing proxies that put a provider in outage, whatever its share
 * @param exitIpChangeMovesAccounts on: the accounts of a proxy whose exit IP changed (not its first one read) move to
 *     other proxies, as after a failure; off: they go along to the new address where its rules let them
 * @param version rises by one per change
 * @param changedBy the authenticated principal who made the last change
 * @param changedAt when the last change was made
 */
public record SettingsData(
        Boolean proxySystemEnabled,
        Long healthCheckIntervalMs,
        Long healthCheckTimeoutMs,
        Integer fall,
        Integer rise,
        Boolean autoDisable,
        Boolean fallbackToDirect,
        String defaultStrategy,
        Integer minScore,
        Double outageThreshold,
        Double outageEndThreshold,
        Integer outageMinProxies,
        Boolean exitIpChangeMovesAccounts,
        Long version,
        String changedBy,
        Instant changedAt) implements EventData {

    /** The one record key of {@code fleet-settings}: compaction keeps the latest settings only. */
    public static final String KEY = "fleet";

    public static final long MIN_INTERVAL_MS = 1_000;
    public static final long MAX_INTERVAL_MS = 3_600_000;
    public static final long MIN_TIMEOUT_MS = 100;
    public static final long MAX_TIMEOUT_MS = 60_000;
    public static final int MIN_FALL = 1;
    public static final int MAX_FALL = 10;
    public static final int MIN_RISE = 1;
    public static final int MAX_RISE = 10;
    public static final int MIN_SCORE = 0;
    public static final int MAX_SCORE = 100;
    public static final int MIN_OUTAGE_PROXIES = 1;
    public static final int MAX_OUTAGE_PROXIES = 10_000;
    /** The selection strategies status-service knows, by their query parameter names, as a regular expression. */
    public static final String STRATEGY_NAMES = "priority|round-robin|least-errors|weighted-random|health-score";
    /** {@link #STRATEGY_NAMES} as a list. */
    public static final List<String> STRATEGIES = List.of(STRATEGY_NAMES.split("\\|"));

    public SettingsData {
        within(healthCheckIntervalMs, MIN_INTERVAL_MS, MAX_INTERVAL_MS, "healthCheckIntervalMs");
        within(healthCheckTimeoutMs, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, "healthCheckTimeoutMs");
        within(fall, MIN_FALL, MAX_FALL, "fall");
        within(rise, MIN_RISE, MAX_RISE, "rise");
        within(minScore, MIN_SCORE, MAX_SCORE, "minScore");
        within(outageMinProxies, MIN_OUTAGE_PROXIES, MAX_OUTAGE_PROXIES, "outageMinProxies");
        share(outageThreshold, true, "outageThreshold");
        share(outageEndThreshold, false, "outageEndThreshold");
        if (outageThreshold != null && outageEndThreshold != null && outageEndThreshold >= outageThreshold) {
            throw new IllegalArgumentException("'outageEndThreshold' must be below 'outageThreshold'");
        }
        if (defaultStrategy != null && !STRATEGIES.contains(defaultStrategy)) {
            throw new IllegalArgumentException("'defaultStrategy' must be one of " + STRATEGIES);
        }
        required(version, "version");
        required(changedBy, "changedBy");
        required(changedAt, "changedAt");
    }

    @Override
    public String key() {
        return KEY;
    }

    /** A share above 0, and at most 1 ({@code oneIncluded}) or below it. */
    private static void share(Double value, boolean oneIncluded, String field) {
        if (value != null && (value <= 0 || value > 1 || !oneIncluded && value == 1)) {
            throw new IllegalArgumentException("'" + field + "' must be above 0 and " + (oneIncluded ? "at most" : "below")
                    + " 1");
        }
    }

    private static void within(Number value, long min, long max, String field) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw new IllegalArgumentException("'" + field + "' must be between " + min + " and " + max);
        }
    }
}
