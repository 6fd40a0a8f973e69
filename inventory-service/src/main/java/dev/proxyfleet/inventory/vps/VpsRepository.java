package dev.proxyfleet.inventory.vps;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Queries over VPS hosts. */
@ApplicationScoped
public class VpsRepository implements PanacheRepository<Vps> {

    public Optional<Vps> findByName(String name) {
        return find("lower(name) = lower(?1)", name.trim()).firstResultOptional();
    }
}
