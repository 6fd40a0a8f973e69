package dev.proxyfleet.health.outage;

import java.util.Set;

/**
 * Providers by id, with our egress as the reserved id {@link #EGRESS}: those in outage as a transaction judged them,
 * or those whose outage ended. The egress stands for every provider, and for proxies without one.
 */
public record Outages(Set<Long> ids) {

    /** Our own egress's row in {@code provider_outage}: no provider has id 0 (inventory's ids start at 1). */
    public static final long EGRESS = 0;

    public static final Outages NONE = new Outages(Set.of());

    /** Whether a proxy of this provider (null: none) is covered: its provider is among them, or the egress is. */
    public boolean covers(Long providerId) {
        return ids.contains(EGRESS) || providerId != null && ids.contains(providerId);
    }
}
