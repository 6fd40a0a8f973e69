package dev.proxyfleet.status.location;

import dev.proxyfleet.status.model.ProxyStatus;
import java.util.Collection;
import java.util.List;

/**
 * A proxy whose exit IP is in another country than its {@code location} names: the upstream sees the account in that
 * other country. What an operator needs to tell which inventory entry it is and what it holds.
 *
 * @param locationCountry the country {@code location} names ({@link LocationCountry})
 */
public record LocationMismatch(long id, String host, int port, String provider, String location,
        String locationCountry, String exitIp, String exitCountry, int accounts, String modelId) {

    /** The mismatched proxies among these, in the given order. */
    public static List<LocationMismatch> of(Collection<ProxyStatus> proxies) {
        return proxies.stream().filter(p -> Boolean.TRUE.equals(p.locationMismatch()))
                .map(p -> new LocationMismatch(p.id(), p.host(), p.port(), p.provider(), p.location(),
                        LocationCountry.of(p.location()), p.exitIp(), p.exitCountry(), p.accounts(), p.modelId()))
                .toList();
    }
}
