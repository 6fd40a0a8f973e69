package dev.proxyfleet.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a service applies what its channels consume. Which topics, group and consumers per channel are SmallRye
 * settings ({@code mp.messaging.incoming.<topic>.*}); this is what no connector setting covers.
 */
@ConfigMapping(prefix = "fleet.consumer")
public interface ConsumerConfig {

    /** Pause before the first retry of a record whose processing failed; each further retry waits twice as long. */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * Retries of a record that fails for a reason in its content (a constraint or data error of the database) before
     * it goes to the dead-letter topic: 5 retries from 1 s take about 30 s. Failures of the database or the network
     * themselves are retried without limit, since the next record would fail the same way.
     */
    @WithDefault("5")
    int maxRetries();

    /** How long a channel may retry one record through an outage before readiness reports it. */
    @WithDefault("30s")
    Duration stalledAfter();

    /**
     * How long an applied event's id is kept to recognise a redelivery. Redeliveries come within minutes (a crash or a
     * rebalance before the offset commit); the projections are idempotent beyond that anyway.
     */
    @WithDefault("7d")
    Duration dedupeRetention();
}
