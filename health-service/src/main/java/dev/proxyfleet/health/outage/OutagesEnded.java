package dev.proxyfleet.health.outage;

/**
 * Fired (as a CDI event) when a replica reads that these outages ended (our egress's too): the proxies they cover,
 * probed gently meanwhile, go back to the regular schedule.
 */
public record OutagesEnded(Outages ended) {
}
