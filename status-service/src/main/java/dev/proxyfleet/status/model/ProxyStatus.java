package dev.proxyfleet.status.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * What the status API and the dashboard show of one proxy: inventory fields without secrets, its provider's name,
 * its health and the accounts it holds (all of one model).
 *
 * @param health {@code unknown}, {@code healthy}, {@code degraded} or {@code failed}
 * @param lastCheckAt when health-service last probed it (null before the first probe)
 * @param consecutiveFailures failed probes in a row, for the {@code least-errors} strategy
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
        Instant lastCheckAt,
        int accounts,
        int maxAccounts,
        String modelId,
        Long vpsId) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String FAILED = "failed";
    public static final String UNKNOWN = "unknown";

    @JsonIgnore
    public boolean isHealthy() {
        return HEALTHY.equals(health);
    }
}
