package dev.proxyfleet.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay publishes and how long published rows are kept. */
@ConfigMapping(prefix = "fleet.outbox")
public interface OutboxConfig {

    /** How often the relay looks for events a wake-up missed (other replicas' events, Kafka outages). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events published per database transaction. */
    @WithDefault("2000")
    int batchSize();

    /** How long published rows stay for inspection before they are purged. */
    @WithDefault("1h")
    Duration retention();

    /** The CloudEvents {@code ce_source} of this service's events. */
    @WithDefault("/${quarkus.application.name}")
    String source();
}
