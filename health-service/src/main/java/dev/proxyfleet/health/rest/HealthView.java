package dev.proxyfleet.health.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A proxy's health as the API shows it; {@code log} (newest first) only on the single-proxy resources.
 *
 * @param uses uses clients reported on {@code proxy-usage}, and {@code useFailures} of them failed
 * @param lastCheckAt when it was last probed
 * @param changedAt when its state last changed
 * @param exitIp the address its traffic last left through (null: the exit-IP check is off or has read none)
 * @param exitIpChangedAt since when it leaves through {@code exitIp}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthView(long proxyId, String state, int score, Long latencyMs, int consecutiveFailures,
        String error, Instant lastCheckAt, Instant changedAt, String exitIp, Instant exitIpChangedAt, long uses,
        long useFailures, List<LogEntry> log) {

    /** Share of reported uses that succeeded, 0–1; null without reports. */
    @JsonProperty
    public Double useSuccessRate() {
        return uses == 0 ? null : (uses - useFailures) / (double) uses;
    }

    HealthView withLog(List<LogEntry> entries) {
        return new HealthView(proxyId, state, score, latencyMs, consecutiveFailures, error, lastCheckAt, changedAt,
                exitIp, exitIpChangedAt, uses, useFailures, entries);
    }
}
