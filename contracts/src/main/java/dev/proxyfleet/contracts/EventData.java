package dev.proxyfleet.contracts;

/** The data of a contract event; {@link #key()} is the Kafka record key the event is published under. */
public sealed interface EventData
        permits ProxyData, ProviderData, AccountData, AssignmentData, HealthData, UsageData {

    /** The id of the entity the event is about, as the record key. */
    String key();

    /**
     * Fails decoding when a field the contract requires is absent, so that the record goes to the dead-letter
     * topic instead of being half-processed.
     */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }
}
