package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/**
 * A probe result ({@code proxy.probed}) or a health transition ({@code proxy.health-changed}).
 *
 * @param providerOutage whether the proxy's provider was in outage when this result was judged, in the same
 *     transaction as the provider's outage: a fall then is the provider's, not the proxy's (false when absent)
 */
public record HealthData(
        Long proxyId,
        HealthState from,
        HealthState to,
        Long latencyMs,
        Integer consecutiveFailures,
        Integer score,
        String error,
        Instant at,
        Boolean providerOutage) implements EventData {

    public HealthData {
        required(proxyId, "proxyId");
        required(from, "from");
        required(to, "to");
        required(at, "at");
        consecutiveFailures = consecutiveFailures == null ? 0 : consecutiveFailures;
        providerOutage = providerOutage != null && providerOutage;
    }

    @Override
    public String key() {
        return proxyId.toString();
    }
}
