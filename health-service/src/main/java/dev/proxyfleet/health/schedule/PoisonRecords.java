package dev.proxyfleet.health.schedule;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where the topics read without a consumer group ({@link InventoryOwnership}, the settings) send records that break the contract. */
@FunctionalInterface
public interface PoisonRecords {

    /** Takes a record that cannot be read, with a short reason; completes once it is taken care of. */
    Uni<Void> reject(ConsumerRecord<String, byte[]> record, String reason);
}
