package dev.proxyfleet.status.projection;

import dev.proxyfleet.status.model.FleetModel;
import java.util.HashSet;
import java.util.Set;

/**
 * Which proxies one consumer transaction changed (and whether a provider did), to be handed to the in-memory model
 * only once the transaction committed: what the API and the WebSocket show is always what PostgreSQL holds.
 */
final class TouchedProxies {

    private final Set<Long> ids = new HashSet<>();
    private boolean provider;

    /** Marks proxies (null ids are ignored) as changed. */
    void proxies(Long... changed) {
        for (Long id : changed) {
            if (id != null) {
                ids.add(id);
            }
        }
    }

    /** Marks a provider as changed: its figures, and what every proxy shows (its provider's name). */
    void provider() {
        provider = true;
    }

    /** After the commit: the model reads again what changed. */
    void handTo(FleetModel model) {
        if (provider) {
            model.providerChanged();
        } else if (!ids.isEmpty()) {
            model.changed(ids);
        }
    }
}
