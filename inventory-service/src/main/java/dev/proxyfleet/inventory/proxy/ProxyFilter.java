package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.Protocol;

/** Filters of the proxy list; null means "any". {@code q} searches host, location and notes. */
public record ProxyFilter(Long providerId, Boolean enabled, Protocol protocol, String location, String label, String q) {

    public static ProxyFilter ofProvider(long providerId) {
        return new ProxyFilter(providerId, null, null, null, null, null);
    }
}
