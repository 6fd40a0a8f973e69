package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.ProxyData;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What one replica in a test holds, as its {@link InventoryOwnership} tells it: proxy id → record and partition. */
final class HeldProxies implements OwnedProxies {

    private record Held(int partition, ProxyData proxy) {
    }

    private final Map<Long, Held> proxies = new ConcurrentHashMap<>();

    @Override
    public void upsert(int partition, ProxyData proxy) {
        proxies.put(proxy.id(), new Held(partition, proxy));
    }

    @Override
    public void remove(long proxyId) {
        proxies.remove(proxyId);
    }

    @Override
    public void handedOver(long proxyId) {
        proxies.remove(proxyId);
    }

    @Override
    public void release(Set<Integer> partitions) {
        proxies.values().removeIf(held -> partitions.contains(held.partition()));
    }

    /** The proxies of this fleet held here. */
    Set<Long> of(Set<Long> fleet) {
        Set<Long> mine = new HashSet<>(proxies.keySet());
        mine.retainAll(fleet);
        return mine;
    }

    /** The record of the proxy held here. */
    Optional<ProxyData> get(long proxyId) {
        return Optional.ofNullable(proxies.get(proxyId)).map(Held::proxy);
    }

    /** Whether this replica would probe the proxy: it holds it, enabled (the schedule does not probe disabled ones). */
    boolean probes(long proxyId) {
        return get(proxyId).map(ProxyData::enabled).orElse(false);
    }
}
