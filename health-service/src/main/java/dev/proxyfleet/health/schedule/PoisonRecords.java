package dev.proxyfleet.health.schedule;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where {@link InventoryOwnership} sends records that break the contract. */
@FunctionalInterface
public interface PoisonRecords {

    /** Takes a record that cannot be read, with a short reason; completes once it is taken care of. */
    Uni<Void> reject(ConsumerRecord<String, byte[]> record, String reason);
}
