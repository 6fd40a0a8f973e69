package dev.proxyfleet.status.model;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;

/**
 * An immutable view of every known proxy (not deleted) at one point, by id, and their summary.
 *
 * @param proxies in id order
 */
public record FleetSnapshot(SortedMap<Long, ProxyStatus> proxies, StatusSummary summary) {

    public static final FleetSnapshot EMPTY = new FleetSnapshot(Collections.emptySortedMap());

    /** Counts the summary; a model that changes by a few proxies at a time adjusts the previous one instead. */
    public FleetSnapshot(SortedMap<Long, ProxyStatus> proxies) {
        this(proxies, StatusSummary.of(proxies.values()));
    }

    public Collection<ProxyStatus> all() {
        return proxies.values();
    }
}
