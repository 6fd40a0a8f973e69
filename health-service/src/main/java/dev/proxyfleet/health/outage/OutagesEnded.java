package dev.proxyfleet.health.outage;

import java.util.Set;

/**
 * Fired (as a CDI event) when a replica reads that these providers' outages ended: their proxies, probed gently during
 * the outage, go back to the regular schedule.
 */
public record OutagesEnded(Set<Long> providers) {
}
