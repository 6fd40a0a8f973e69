package dev.proxyfleet.inventory.provider;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Queries over providers. */
@ApplicationScoped
public class ProviderRepository implements PanacheRepository<Provider> {

    /** The provider with this name, compared case-insensitively. */
    public Optional<Provider> findByName(String name) {
        return find("lower(name) = lower(?1)", name.trim()).firstResultOptional();
    }
}
