package dev.proxyfleet.status.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * What the status API and the dashboard show of one proxy: inventory fields without secrets, its provider's name,
 * its health, the accounts it holds (all of one model) and the API keys bound to it.
 *
 * @param health {@code unknown}, {@code healthy}, {@code degraded} or {@code failed}
 * @param lastCheckAt when health-service last probed it (null before the first probe)
 * @param exitIp the address its traffic last left through (null: health-service's exit-IP check is off or read none)
 * @param exitIpChangedAt since when it leaves through {@code exitIp}
 * @param exitCountry the ISO 3166-1 alpha-2 code of the country {@code exitIp} is in (null: unknown, or the location
 *     check is off)
 * @param locationMismatch whether the country its {@code location} names differs from {@code exitCountry} (null: either
 *     is unknown, or the location check is off)
 * @param consecutiveFailures failed probes in a row, for the {@code least-errors} strategy
 * @param lastError why its newest probe failed ({@code Timeout}, {@code proxy authentication failed}); null after a
 *     success
 * @param lastAssignedAt when the newest of the accounts it holds was placed on it (null when it holds none)
 * @param uses uses clients reported on {@code proxy-usage}, {@code useFailures} of them failed
 * @param lastUsedAt the time of the newest reported use (null before the first)
 * @param keys how many API keys are bound to it, of at most {@code maxKeys}
 * @param apiKeys those keys, by id
 */
public record ProxyStatus(
        long id,
        String host,
        int port,
        String protocol,
        Long providerId,
        String provider,
        String location,
        List<String> labels,
        int priority,
        boolean enabled,
        String health,
        Long latencyMs,
        Integer score,
        int consecutiveFailures,
        String lastError,
        Instant lastCheckAt,
        String exitIp,
        Instant exitIpChangedAt,
        String exitCountry,
        Boolean locationMismatch,
        int accounts,
        int maxAccounts,
        String modelId,
        Long vpsId,
        Instant lastAssignedAt,
        long uses,
        long useFailures,
        Instant lastUsedAt,
        int keys,
        int maxKeys,
        List<KeyStatus> apiKeys) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String FAILED = "failed";
    public static final String UNKNOWN = "unknown";

    @JsonIgnore
    public boolean isHealthy() {
        return HEALTHY.equals(health);
    }

    /** This proxy as the location check sees it (the rows read from PostgreSQL know neither). */
    public ProxyStatus located(String country, Boolean mismatch) {
        return new ProxyStatus(id, host, port, protocol, providerId, provider, location, labels, priority, enabled, health,
                latencyMs, score, consecutiveFailures, lastError, lastCheckAt, exitIp, exitIpChangedAt, country, mismatch,
                accounts, maxAccounts, modelId, vpsId, lastAssignedAt, uses, useFailures, lastUsedAt, keys, maxKeys,
                apiKeys);
    }

    /** Whether it may be handed out (a proxy, or a key bound to it): enabled, and healthy or degraded. */
    @JsonIgnore
    public boolean isSelectable() {
        return enabled && (isHealthy() || DEGRADED.equals(health));
    }
}
