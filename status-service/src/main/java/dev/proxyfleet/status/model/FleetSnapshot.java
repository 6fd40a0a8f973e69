package dev.proxyfleet.status.model;

import java.util.Collection;
import java.util.Map;

/** An immutable view of every known proxy (not deleted) at one point, by id. */
public record FleetSnapshot(Map<Long, ProxyStatus> proxies) {

    public static final FleetSnapshot EMPTY = new FleetSnapshot(Map.of());

    public Collection<ProxyStatus> all() {
        return proxies.values();
    }

    public StatusSummary summary() {
        return StatusSummary.of(proxies.values());
    }
}
