package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.Protocol;
import java.time.Instant;
import java.util.List;

/**
 * A proxy as the API shows it: never the password, only whether one is set.
 *
 * @param disabledReason why the system disabled it ({@code auto-disabled}); null when enabled or disabled by an operator
 */
public record ProxyResponse(
        Long id,
        String host,
        int port,
        Protocol protocol,
        String username,
        boolean passwordSet,
        Long providerId,
        Long vpsId,
        String location,
        List<String> labels,
        int priority,
        boolean enabled,
        String disabledReason,
        int maxAccounts,
        int maxKeys,
        String notes,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    static ProxyResponse from(Proxy proxy) {
        return new ProxyResponse(proxy.id, proxy.host, proxy.port, proxy.protocol, proxy.username,
                proxy.passwordCiphertext != null, proxy.providerId, proxy.vpsId, proxy.location, proxy.labels,
                proxy.priority, proxy.enabled, proxy.disabledReason, proxy.maxAccounts, proxy.maxKeys, proxy.notes, proxy.version, proxy.createdAt,
                proxy.updatedAt);
    }
}
