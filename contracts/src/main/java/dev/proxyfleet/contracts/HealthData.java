package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.ipLiteral;
import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/**
 * A probe result ({@code proxy.probed}) or a health transition ({@code proxy.health-changed}).
 *
 * @param providerOutage whether the proxy's provider was in outage when this result was judged, in the same
 *     transaction as the provider's outage: a fall then is the provider's, not the proxy's (false when absent)
 * @param exitIp the address the proxy's traffic last left through, as an echo target saw it (null: not checked, or
 *     never read)
 * @param exitIpChangedAt when health-service first saw the proxy leave through {@code exitIp}
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
        Boolean providerOutage,
        String exitIp,
        Instant exitIpChangedAt) implements EventData {

    public HealthData {
        required(proxyId, "proxyId");
        required(from, "from");
        required(to, "to");
        required(at, "at");
        consecutiveFailures = consecutiveFailures == null ? 0 : consecutiveFailures;
        providerOutage = providerOutage != null && providerOutage;
        ipLiteral(exitIp, "exitIp");
    }

    /** A result without an exit IP: what producers that do not check it (and events written before it) carry. */
    public HealthData(Long proxyId, HealthState from, HealthState to, Long latencyMs, Integer consecutiveFailures,
            Integer score, String error, Instant at, Boolean providerOutage) {
        this(proxyId, from, to, latencyMs, consecutiveFailures, score, error, at, providerOutage, null, null);
    }

    @Override
    public String key() {
        return proxyId.toString();
    }
}
