package dev.proxyfleet.inventory.key;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.crypto.ApiKeyBinding;
import dev.proxyfleet.inventory.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An API key of an upstream service, bound to the one proxy it always leaves through (the upstream bans a key seen
 * from many addresses). The secret is only ever held as ciphertext bound to the key and its proxy, with the id of the
 * encryption key that made it. A key never moves to another proxy (the migration refuses it).
 */
@Entity
@Table(name = "api_key")
public class ApiKey extends VersionedEntity {

    /** Taken from the identity column's sequence before the insert, since the secret is encrypted for this id. */
    @Id
    public Long id;

    @Column(name = "proxy_id", updatable = false)
    public Long proxyId;

    public String name;
    public String pool;

    @Column(name = "secret_ciphertext")
    public String secretCiphertext;

    @Column(name = "key_id")
    public String keyId;

    /** What this key's secret is bound to. */
    public ApiKeyBinding binding() {
        return new ApiKeyBinding(id, proxyId);
    }

    /** The contract's event data: full state, secret as ciphertext only. */
    public ApiKeyData toEventData() {
        return eventData(version);
    }

    /** The data of this key's {@code key.deleted} event: its last state, one version on. */
    public ApiKeyData toDeletedEventData() {
        return eventData(version + 1);
    }

    private ApiKeyData eventData(long eventVersion) {
        return new ApiKeyData(id, proxyId, name, pool, secretCiphertext, keyId, eventVersion);
    }
}
