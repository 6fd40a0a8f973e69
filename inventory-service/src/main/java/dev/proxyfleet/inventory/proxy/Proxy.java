package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.inventory.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An outbound proxy. The password is only ever held as ciphertext with the id of its key, bound to the proxy's id and
 * endpoint. {@code version} is the optimistic lock and the event version: it goes up by one with every committed
 * change.
 */
@Entity
public class Proxy extends VersionedEntity {

    /**
     * Taken from the identity column's sequence before the insert ({@link ProxyRepository#nextId()}), since the
     * password is encrypted for this id.
     */
    @Id
    public Long id;

    public String host;
    public int port;

    @Enumerated(EnumType.STRING)
    public Protocol protocol;

    public String username;

    @Column(name = "password_ciphertext")
    public String passwordCiphertext;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "provider_id")
    public Long providerId;

    @Column(name = "vps_id")
    public Long vpsId;

    public String location;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> labels = new ArrayList<>();

    public int priority;
    public boolean enabled = true;

    /** Why the system disabled it ({@link ProxyService#AUTO_DISABLED}); null when enabled or disabled by an operator. */
    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "max_accounts")
    public int maxAccounts = ProxyData.DEFAULT_MAX_ACCOUNTS;

    /** The most API keys bound to it; its key count is the database's (key_count, kept by a trigger). */
    @Column(name = "max_keys")
    public int maxKeys = ApiKeyData.DEFAULT_MAX_KEYS;

    public String notes;

    /** What this proxy's password ciphertext is bound to. */
    public CredentialBinding binding() {
        return new CredentialBinding(id, host, port);
    }

    /** The contract's event data: full state, password as ciphertext only. */
    public ProxyData toEventData() {
        return eventData(version, updatedAt);
    }

    /** The data of this proxy's {@code proxy.deleted} event: its last state, one version on, stamped now. */
    public ProxyData toDeletedEventData() {
        return eventData(version + 1, now());
    }

    private ProxyData eventData(long eventVersion, Instant at) {
        return new ProxyData(id, host, port, protocol, username, passwordCiphertext, keyId, providerId, location,
                labels, priority, enabled, maxAccounts, maxKeys, vpsId, eventVersion, at);
    }
}
