package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.ipLiteral;
import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/**
 * A proxy's current health on the compacted {@code proxy-health-state} ({@code proxy.health-state}): the state as of
 * the result at {@code at}, published at every change of state or failures and of the score by a step, and at least
 * once per refresh interval while the proxy is probed, and when its exit IP changes.
 *
 * @param exitIp the address the proxy's traffic last left through, as an echo target saw it (null: not checked, or
 *     never read)
 * @param exitIpChangedAt when health-service first saw the proxy leave through {@code exitIp}
 */
public record HealthStateData(
        Long proxyId,
        HealthState state,
        Long latencyMs,
        Integer consecutiveFailures,
        Integer score,
        String error,
        Instant at,
        String exitIp,
        Instant exitIpChangedAt) implements EventData {

    public HealthStateData {
        required(proxyId, "proxyId");
        required(state, "state");
        required(at, "at");
        ipLiteral(exitIp, "exitIp");
        consecutiveFailures = consecutiveFailures == null ? 0 : consecutiveFailures;
    }

    /** A state without an exit IP: what producers that do not check it (and records written before it) carry. */
    public HealthStateData(Long proxyId, HealthState state, Long latencyMs, Integer consecutiveFailures, Integer score,
            String error, Instant at) {
        this(proxyId, state, latencyMs, consecutiveFailures, score, error, at, null, null);
    }

    @Override
    public String key() {
        return proxyId.toString();
    }
}
