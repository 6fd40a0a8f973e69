package dev.proxyfleet.status.model;

import java.util.List;

/**
 * Fired (CDI event) after the in-memory model took in committed changes.
 *
 * @param upserted proxies that are new or changed, in their new state
 * @param removed ids of proxies that were deleted
 * @param providers whether a provider was created, changed or deleted: the providers' figures changed, also when no
 *     proxy did (a provider without proxies)
 * @param snapshot the model after the change
 */
public record FleetChange(List<ProxyStatus> upserted, List<Long> removed, boolean providers, FleetSnapshot snapshot) {
}
