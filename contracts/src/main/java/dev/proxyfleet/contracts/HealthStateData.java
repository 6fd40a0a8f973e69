package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/**
 * A proxy's current health on the compacted {@code proxy-health-state} ({@code proxy.health-state}): the state as of
 * the result at {@code at}, published at every change of state or failures and of the score by a step, and at least
 * once per refresh interval while the proxy is probed.
 */
public record HealthStateData(
        Long proxyId,
        HealthState state,
        Long latencyMs,
        Integer consecutiveFailures,
        Integer score,
        String error,
        Instant at) implements EventData {

    public HealthStateData {
        required(proxyId, "proxyId");
        required(state, "state");
        required(at, "at");
        consecutiveFailures = consecutiveFailures == null ? 0 : consecutiveFailures;
    }

    @Override
    public String key() {
        return proxyId.toString();
    }
}
