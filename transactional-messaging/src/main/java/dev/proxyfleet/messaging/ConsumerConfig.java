package dev.proxyfleet.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service consumes the contract's topics. */
@ConfigMapping(prefix = "fleet.consumer")
public interface ConsumerConfig {

    /** The consumer group; replicas of one service share it and split the partitions. */
    @WithDefault("${quarkus.application.name}")
    String groupId();

    /** Consumer threads in this instance, each with its own Kafka consumer in the group. */
    @WithDefault("2")
    int threads();

    /** Pause before retrying a record whose processing failed for a reason other than its content. */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * How long an applied event's id is kept to recognise a redelivery. Redeliveries come within minutes (a crash or a
     * rebalance before the offset commit); the projections are idempotent beyond that anyway.
     */
    @WithDefault("7d")
    Duration dedupeRetention();

    /** Whether the consumers start with the application (tests may start them by hand). */
    @WithDefault("true")
    boolean enabled();
}
