package dev.proxyfleet.inventory.key;

import java.time.Instant;

/** An API key as the API shows it: never the secret, which is always set. */
public record ApiKeyResponse(
        long id,
        long proxyId,
        String name,
        String pool,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    static ApiKeyResponse from(ApiKey key) {
        return new ApiKeyResponse(key.id, key.proxyId, key.name, key.pool, key.version, key.createdAt, key.updatedAt);
    }
}
