package dev.proxyfleet.inventory.outbox;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** How the outbox relay publishes and how long published rows are kept. */
@ConfigMapping(prefix = "fleet.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unpublished events. */
    Duration pollInterval();

    /** Events published per database transaction. */
    int batchSize();

    /** How long published rows stay for inspection before they are purged. */
    Duration retention();

    /** The CloudEvents {@code ce_source} of this service's events. */
    String source();
}
