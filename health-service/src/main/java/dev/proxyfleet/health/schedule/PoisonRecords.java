package dev.proxyfleet.health.schedule;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where {@link InventoryOwnership} sends records that break the contract. */
@FunctionalInterface
public interface PoisonRecords {

    /** Takes a record that cannot be read, with a short reason. */
    void reject(ConsumerRecord<String, byte[]> record, String reason);
}
