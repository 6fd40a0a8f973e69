package dev.proxyfleet.inventory.key;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.inventory.SessionOutbox;
import dev.proxyfleet.inventory.audit.AuditTrail;
import dev.proxyfleet.inventory.audit.AuditedEntity;
import dev.proxyfleet.inventory.proxy.Proxy;
import dev.proxyfleet.inventory.proxy.ProxyRepository;
import dev.proxyfleet.inventory.web.Constraints;
import dev.proxyfleet.messaging.Tx;
import dev.proxyfleet.web.ConflictException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/**
 * API keys bound to proxies: each change is stored together with its contract event in one transaction. The database
 * holds a proxy's {@code maxKeys} and the unique name of a key on its proxy, also when requests race; its refusal is
 * answered 409.
 */
@ApplicationScoped
public class ApiKeyService {

    /** The CHECK that keeps a proxy's key count within its maxKeys (V2 migration). */
    public static final String KEY_CAPACITY = "proxy_key_capacity";
    /** The unique index on a proxy's key names (V2 migration). */
    private static final String NAME_INDEX = "api_key_name_uq";

    private final ApiKeyRepository keys;
    private final ProxyRepository proxies;
    private final CredentialCipher cipher;
    private final SessionOutbox outbox;
    private final AuditTrail audit;

    public ApiKeyService(ApiKeyRepository keys, ProxyRepository proxies, CredentialCipher cipher, SessionOutbox outbox,
            AuditTrail audit) {
        this.keys = keys;
        this.proxies = proxies;
        this.cipher = cipher;
        this.outbox = outbox;
        this.audit = audit;
    }

    @WithSession
    public Uni<List<ApiKeyResponse>> ofProxy(long proxyId) {
        return findProxy(proxyId).chain(() -> keys.ofProxy(proxyId)).map(ApiKeyService::responses);
    }

    @WithSession
    public Uni<List<ApiKeyResponse>> inPool(String pool) {
        return keys.inPool(pool).map(ApiKeyService::responses);
    }

    @WithSession
    public Uni<ApiKeyResponse> get(long proxyId, long id) {
        return find(proxyId, id).map(ApiKeyResponse::from);
    }

    /** Binds a new key to a proxy; beyond the proxy's maxKeys, or under a name it has, answers 409. */
    public Uni<ApiKeyResponse> create(long proxyId, ApiKeyRequest request, String actor) {
        String name = request.name().strip();
        Uni<ApiKeyResponse> insert = outbox.inTransaction(() -> insert(proxyId, name, request, actor));
        return Constraints.check(KEY_CAPACITY,
                Constraints.unique(NAME_INDEX, insert, () -> duplicateOf(proxyId, name)),
                () -> limitOf(proxyId));
    }

    public Uni<Void> delete(long proxyId, long id, String actor) {
        return outbox.inTransaction(() -> find(proxyId, id).chain(key -> delete(key, actor)));
    }

    /** Deletes every key of a proxy in the current session's transaction, each with its events: the proxy goes next. */
    public Uni<Void> deleteAllOf(Proxy proxy, String actor) {
        return keys.ofProxy(proxy.id).chain(owned -> Tx.each(owned, key -> delete(key, actor)));
    }

    /** How many keys a proxy holds, in the current session. */
    public Uni<Long> countOf(long proxyId) {
        return keys.count("proxyId", proxyId);
    }

    private Uni<ApiKeyResponse> insert(long proxyId, String name, ApiKeyRequest request, String actor) {
        ApiKey key = new ApiKey();
        return findProxy(proxyId).chain(keys::nextId).invoke(id -> {
            key.id = id;
            key.proxyId = proxyId;
            key.name = name;
            key.pool = request.pool().strip();
            EncryptedSecret secret = cipher.encrypt(request.secret(), key.binding());
            key.secretCiphertext = secret.ciphertext();
            key.keyId = secret.keyId();
        })
                .chain(() -> keys.persistAndFlush(key))
                .chain(() -> audit.created(AuditedEntity.KEY, key.id, key, actor))
                .chain(() -> outbox.append(EventType.KEY_CREATED, key.toEventData()))
                .map(ignored -> ApiKeyResponse.from(key));
    }

    /** {@code key.deleted}, then a tombstone so that compaction forgets the key. */
    private Uni<Void> delete(ApiKey key, String actor) {
        return audit.deleted(AuditedEntity.KEY, key.id, key, actor)
                .chain(() -> outbox.append(EventType.KEY_DELETED, key.toDeletedEventData()))
                .chain(() -> outbox.appendTombstone(Topic.API_KEYS, key.toEventData().key()))
                .chain(() -> keys.delete(key));
    }

    /** The 409 for a key the proxy's maxKeys has no room for, read after the refused transaction. */
    private Uni<ConflictException> limitOf(long proxyId) {
        return Panache.withSession(() -> findProxy(proxyId).chain(proxy -> countOf(proxyId).map(count ->
                new ConflictException("key limit: proxy " + proxyId + " holds " + count + " of " + proxy.maxKeys
                        + " keys (its maxKeys); delete one or raise maxKeys"))));
    }

    private Uni<ConflictException> duplicateOf(long proxyId, String name) {
        return Panache.withSession(() -> keys.findByName(proxyId, name)).map(winner -> new ConflictException(
                "proxy " + proxyId + " already has an API key named '" + name + "'", winner == null ? null : winner.id));
    }

    private Uni<Proxy> findProxy(long proxyId) {
        return proxies.findById(proxyId).onItem().ifNull()
                .failWith(() -> new NotFoundException("proxy " + proxyId + " does not exist"));
    }

    private Uni<ApiKey> find(long proxyId, long id) {
        return keys.findOnProxy(proxyId, id).onItem().ifNull()
                .failWith(() -> new NotFoundException("API key " + id + " of proxy " + proxyId + " does not exist"));
    }

    private static List<ApiKeyResponse> responses(List<ApiKey> found) {
        return found.stream().map(ApiKeyResponse::from).toList();
    }
}
