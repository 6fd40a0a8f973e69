package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

/**
 * Full current state of an API key of an upstream service, bound to one proxy: every {@code key.*} event carries it.
 * The secret travels only as AES-GCM ciphertext bound to the key and its proxy ({@code secretCiphertext}) with the id
 * of the encryption key that made it ({@code keyId}); never in plain text.
 */
public record ApiKeyData(
        Long id,
        Long proxyId,
        String name,
        String pool,
        String secretCiphertext,
        String keyId,
        Long version) implements EventData {

    /** Keys a proxy takes when nothing else is configured. */
    public static final int DEFAULT_MAX_KEYS = 2;

    public ApiKeyData {
        required(id, "id");
        required(proxyId, "proxyId");
        required(name, "name");
        required(pool, "pool");
        required(secretCiphertext, "secretCiphertext");
        required(keyId, "keyId");
        required(version, "version");
    }

    /**
     * {@code <proxyId>/<id>}: compaction keeps the latest state of every key, and the outbox relay partitions by the
     * part before the slash, so the events of one proxy's keys stay in order with each other.
     */
    @Override
    public String key() {
        return proxyId + "/" + id;
    }
}
