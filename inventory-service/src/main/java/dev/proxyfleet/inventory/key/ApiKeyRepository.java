package dev.proxyfleet.inventory.key;

import dev.proxyfleet.inventory.IdSequence;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Queries over API keys. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepository<ApiKey> {

    /** An id for a new key, in the current session: the secret is encrypted for its key's id. */
    public Uni<Long> nextId() {
        return IdSequence.next("api_key");
    }

    /** The keys of one proxy, oldest first. */
    public Uni<List<ApiKey>> ofProxy(long proxyId) {
        return list("proxyId", Sort.by("id"), proxyId);
    }

    /** The keys of a pool, or every key when {@code pool} is null, by proxy and then oldest first. */
    public Uni<List<ApiKey>> inPool(String pool) {
        Sort order = Sort.by("proxyId").and("id");
        return pool == null ? listAll(order) : list("pool", order, pool);
    }

    /** The key with this id on this proxy, or null. */
    public Uni<ApiKey> findOnProxy(long proxyId, long id) {
        return find("id = ?1 and proxyId = ?2", id, proxyId).firstResult();
    }

    /** The key of this name on this proxy (names compare case-insensitively), or null. */
    public Uni<ApiKey> findByName(long proxyId, String name) {
        return find("proxyId = ?1 and lower(name) = lower(?2)", proxyId, name).firstResult();
    }
}
