package dev.proxyfleet.inventory.provider;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Queries over providers. */
@ApplicationScoped
public class ProviderRepository implements PanacheRepository<Provider> {

    /** The provider with this name, compared case-insensitively; null when there is none. */
    public Uni<Provider> findByName(String name) {
        return find("lower(name) = lower(?1)", name.trim()).firstResult();
    }
}
