package dev.proxyfleet.status.model;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;

/**
 * An immutable view of every known proxy (not deleted) at one point, by id, and their summary.
 *
 * @param proxies in id order
 * @param generation counts the model's snapshots: a later snapshot has a higher one
 */
public record FleetSnapshot(SortedMap<Long, ProxyStatus> proxies, StatusSummary summary, long generation) {

    public static final FleetSnapshot EMPTY = new FleetSnapshot(Collections.emptySortedMap());

    /** A first snapshot; the summary is counted (a model that changes by a few proxies adjusts the previous one). */
    public FleetSnapshot(SortedMap<Long, ProxyStatus> proxies) {
        this(proxies, StatusSummary.of(proxies.values(), SystemSwitches.DEFAULT), 0);
    }

    /** The next snapshot: the same proxies, their state judged by other settings. */
    public FleetSnapshot switched(SystemSwitches switches) {
        return new FleetSnapshot(proxies, summary.switched(switches), generation + 1);
    }

    /** This snapshot with the location check on or off: a fresh model's first, as the service is configured. */
    public FleetSnapshot checkingLocations(boolean on) {
        return new FleetSnapshot(proxies, summary.checkingLocations(on), generation);
    }

    public Collection<ProxyStatus> all() {
        return proxies.values();
    }

    /** Whether the proxy's provider is in outage in this snapshot. */
    public boolean providerInOutage(ProxyStatus proxy) {
        return proxy.providerId() != null
                && summary.outages().stream().anyMatch(outage -> outage.providerId() == proxy.providerId());
    }
}
