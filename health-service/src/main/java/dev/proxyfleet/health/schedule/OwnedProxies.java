package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.ProxyData;
import java.util.Set;

/** What this instance is responsible for, as told by {@link InventoryOwnership}. */
public interface OwnedProxies {

    /** A proxy on an owned partition was created or changed (or is replayed after a take-over). */
    void upsert(int partition, ProxyData proxy);

    /** A proxy on an owned partition was deleted, or its deletion was seen on another partition. */
    void remove(long proxyId);

    /** A newer record of the proxy sits on another partition, whose owner probes it now: its health stays. */
    void handedOver(long proxyId);

    /** These partitions now belong to another instance (or to none until the next assignment). */
    void release(Set<Integer> partitions);
}
