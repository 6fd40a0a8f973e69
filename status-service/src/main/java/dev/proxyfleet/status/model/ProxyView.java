package dev.proxyfleet.status.model;

import java.util.Collection;
import java.util.List;

/**
 * What a caller of {@code /api/status} or {@code /ws/status} sees of each proxy. Callers with the viewer role see
 * {@link #FULL}; anonymous callers see the configured {@code status.public-view}, by default {@link #REDACTED}: a
 * public status page needs to know how the fleet is doing, not where its proxies are or how to reach them.
 */
public enum ProxyView {

    /** The counts only, no proxies. */
    SUMMARY,
    /** Per proxy {@link PublicProxy}'s fields: no host, port or protocol. */
    REDACTED,
    /** Every field of {@link ProxyStatus}. */
    FULL;

    /** Whether this view shows the proxies at all. */
    public boolean listsProxies() {
        return this != SUMMARY;
    }

    /** The proxies as this view shows them: the objects to serialise. */
    public List<?> show(Collection<ProxyStatus> proxies) {
        return switch (this) {
            case SUMMARY -> List.of();
            case REDACTED -> proxies.stream().map(PublicProxy::of).toList();
            case FULL -> proxies instanceof List<ProxyStatus> list ? list : List.copyOf(proxies);
        };
    }
}
