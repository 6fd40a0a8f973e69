package dev.proxyfleet.status.model;

import java.time.Instant;
import java.util.List;

/**
 * A proxy as anonymous callers see it ({@link ProxyView#REDACTED}): how it is doing, without what would locate or
 * reach it (host, port, protocol, exit IP and its country, provider and VPS ids, selection priority and score), nor
 * which API keys it holds (only how many).
 */
public record PublicProxy(long id, String provider, String location, List<String> labels, boolean enabled,
        String health, Long latencyMs, Instant lastCheckAt, int accounts, int maxAccounts, String modelId, int keys,
        int maxKeys) {

    static PublicProxy of(ProxyStatus p) {
        return new PublicProxy(p.id(), p.provider(), p.location(), p.labels(), p.enabled(), p.health(), p.latencyMs(),
                p.lastCheckAt(), p.accounts(), p.maxAccounts(), p.modelId(), p.keys(), p.maxKeys());
    }
}
