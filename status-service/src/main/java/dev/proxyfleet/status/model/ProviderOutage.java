package dev.proxyfleet.status.model;

import java.time.Instant;

/**
 * A provider in outage, as {@code /api/status} and the dashboard show it: most of its proxies fail at once, so their
 * accounts stay put until it ends.
 *
 * @param provider the provider's name; null while its inventory record has not been read
 * @param failedShare the share (0–1) of its enabled proxies failing when the outage started
 * @param since when the outage started
 */
public record ProviderOutage(long providerId, String provider, double failedShare, Instant since) {

    /**
     * The row of our own egress among the providers' outages (no provider has id 0): health-service's
     * {@code egress.down} / {@code egress.restored}, kept like a provider's outage and shown as {@code egressDown}.
     */
    public static final long EGRESS = 0;
}
