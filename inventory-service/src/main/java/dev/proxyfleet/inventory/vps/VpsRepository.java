package dev.proxyfleet.inventory.vps;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Queries over VPS hosts. */
@ApplicationScoped
public class VpsRepository implements PanacheRepository<Vps> {

    /** The VPS host with this name, compared case-insensitively; null when there is none. */
    public Uni<Vps> findByName(String name) {
        return find("lower(name) = lower(?1)", name.trim()).firstResult();
    }
}
