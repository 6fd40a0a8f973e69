package dev.proxyfleet.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Kafka topics of the contract, with the cleanup policy each one is created with.
 * Every topic has a dead-letter companion named {@code <topic>.dlq} for records its consumers cannot process.
 */
public enum Topic {
    PROXY_INVENTORY(Topics.PROXY_INVENTORY, CleanupPolicy.COMPACT),
    PROVIDER_INVENTORY(Topics.PROVIDER_INVENTORY, CleanupPolicy.COMPACT),
    ACCOUNT_EVENTS(Topics.ACCOUNT_EVENTS, CleanupPolicy.DELETE),
    ASSIGNMENT_EVENTS(Topics.ASSIGNMENT_EVENTS, CleanupPolicy.DELETE),
    PROXY_HEALTH(Topics.PROXY_HEALTH, CleanupPolicy.DELETE),
    PROXY_USAGE(Topics.PROXY_USAGE, CleanupPolicy.DELETE),
    API_KEYS(Topics.API_KEYS, CleanupPolicy.COMPACT),
    ASSIGNMENT_STATE(Topics.ASSIGNMENT_STATE, CleanupPolicy.COMPACT),
    PROXY_HEALTH_STATE(Topics.PROXY_HEALTH_STATE, CleanupPolicy.COMPACT),
    FLEET_SETTINGS(Topics.FLEET_SETTINGS, CleanupPolicy.COMPACT),
    PROVIDER_HEALTH(Topics.PROVIDER_HEALTH, CleanupPolicy.COMPACT);

    /** Kafka's {@code cleanup.policy} values used by the contract. */
    public enum CleanupPolicy {
        COMPACT("compact"), DELETE("delete");

        private final String config;

        CleanupPolicy(String config) {
            this.config = config;
        }

        /** The value of the topic's {@code cleanup.policy} setting. */
        public String config() {
            return config;
        }
    }

    /** Suffix of the dead-letter topic that receives poison records of a topic. */
    public static final String DLQ_SUFFIX = ".dlq";
    /** Header of a dead-lettered record that says why it could not be processed (SmallRye's name for it). */
    public static final String DLQ_REASON_HEADER = "dead-letter-reason";

    private final String topicName;
    private final CleanupPolicy cleanupPolicy;

    Topic(String topicName, CleanupPolicy cleanupPolicy) {
        this.topicName = topicName;
        this.cleanupPolicy = cleanupPolicy;
    }

    public String topicName() {
        return topicName;
    }

    public CleanupPolicy cleanupPolicy() {
        return cleanupPolicy;
    }

    /** The contract's topic of that name, if it is one. */
    public static Optional<Topic> named(String name) {
        return Arrays.stream(values()).filter(topic -> topic.topicName.equals(name)).findFirst();
    }

    /** Name of the dead-letter topic for this topic; dead letters are kept, never compacted. */
    public String dlqName() {
        return topicName + DLQ_SUFFIX;
    }
}
