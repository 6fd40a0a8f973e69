package dev.proxyfleet.inventory.settings;

import static dev.proxyfleet.contracts.SettingsData.MAX_FALL;
import static dev.proxyfleet.contracts.SettingsData.MAX_INTERVAL_MS;
import static dev.proxyfleet.contracts.SettingsData.MAX_OUTAGE_PROXIES;
import static dev.proxyfleet.contracts.SettingsData.MAX_RISE;
import static dev.proxyfleet.contracts.SettingsData.MAX_SCORE;
import static dev.proxyfleet.contracts.SettingsData.MAX_TIMEOUT_MS;
import static dev.proxyfleet.contracts.SettingsData.MIN_FALL;
import static dev.proxyfleet.contracts.SettingsData.MIN_INTERVAL_MS;
import static dev.proxyfleet.contracts.SettingsData.MIN_OUTAGE_PROXIES;
import static dev.proxyfleet.contracts.SettingsData.MIN_RISE;
import static dev.proxyfleet.contracts.SettingsData.MIN_SCORE;
import static dev.proxyfleet.contracts.SettingsData.MIN_TIMEOUT_MS;
import static dev.proxyfleet.contracts.SettingsData.STRATEGY_NAMES;

import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.web.InvalidFieldException;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The runtime settings an operator changes, within the bounds of the contract ({@link SettingsData}), so that no
 * service is sent a value it would refuse. Null: never changed, or reset; each service then uses its start-up default.
 */
public record Settings(
        @Schema(description = "Master switch; false makes selection answer direct (or disabled) everywhere.")
        Boolean proxySystemEnabled,
        @Schema(description = "Time between two probes of a proxy that is not failed, in milliseconds.")
        @Min(MIN_INTERVAL_MS) @Max(MAX_INTERVAL_MS) Long healthCheckIntervalMs,
        @Schema(description = "A probe without an answer after this many milliseconds fails.")
        @Min(MIN_TIMEOUT_MS) @Max(MAX_TIMEOUT_MS) Long healthCheckTimeoutMs,
        @Schema(description = "Consecutive failed probes that make a proxy failed.")
        @Min(MIN_FALL) @Max(MAX_FALL) Integer fall,
        @Schema(description = "Consecutive successful probes that bring a failed proxy back.")
        @Min(MIN_RISE) @Max(MAX_RISE) Integer rise,
        @Schema(description = "When true, a proxy reaching `fall` consecutive failures is also disabled in the"
                + " inventory with the reason `auto-disabled`.")
        Boolean autoDisable,
        @Schema(description = "Selection answers `{\"direct\": true}` when no proxy fits.")
        Boolean fallbackToDirect,
        @Schema(description = "Strategy for callers naming none: priority, round-robin, least-errors,"
                + " weighted-random or health-score.")
        @Pattern(regexp = STRATEGY_NAMES, message = "must be one of " + STRATEGY_NAMES) String defaultStrategy,
        @Schema(description = "The lowest health score selection accepts.")
        @Min(MIN_SCORE) @Max(MAX_SCORE) Integer minScore,
        @Schema(description = "The share of a provider's enabled proxies failing at once that puts it in outage"
                + " (above 0, at most 1): its failing proxies then keep their accounts. Also our egress's, over all"
                + " proxies.")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double outageThreshold,
        @Schema(description = "The share of a provider's enabled proxies failing below which its outage ends (above"
                + " 0, below 1, and below outageThreshold when both are set).")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
        Double outageEndThreshold,
        @Schema(description = "The fewest failing proxies that put a provider in outage, whatever its share.")
        @Min(MIN_OUTAGE_PROXIES) @Max(MAX_OUTAGE_PROXIES) Integer outageMinProxies,
        @Schema(description = "When true, the accounts of a proxy whose exit IP changed (not its first one read) move"
                + " to other proxies, as after a failure (reason `exit_ip_changed`); when false, they go along to the"
                + " new address where its rules let them.")
        Boolean exitIpChangeMovesAccounts) {

    /**
     * Fails with a field error when both outage thresholds are set and the end is not below the start (hysteresis);
     * one set alone meets health-service's start-up value of the other, which health-service checks itself.
     */
    void checkOutageThresholds() {
        if (outageThreshold != null && outageEndThreshold != null && outageEndThreshold >= outageThreshold) {
            throw new InvalidFieldException("outageEndThreshold", "must be below outageThreshold (" + outageThreshold
                    + ")");
        }
    }
}
