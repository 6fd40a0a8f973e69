package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/** A probe result ({@code proxy.probed}) or a health transition ({@code proxy.health-changed}). */
public record HealthData(
        Long proxyId,
        HealthState from,
        HealthState to,
        Long latencyMs,
        Integer consecutiveFailures,
        Integer score,
        String error,
        Instant at) implements EventData {

    public HealthData {
        required(proxyId, "proxyId");
        required(from, "from");
        required(to, "to");
        required(at, "at");
        consecutiveFailures = consecutiveFailures == null ? 0 : consecutiveFailures;
    }

    @Override
    public String key() {
        return proxyId.toString();
    }
}
