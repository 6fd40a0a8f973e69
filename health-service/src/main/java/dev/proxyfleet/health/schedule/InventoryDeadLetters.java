package dev.proxyfleet.health.schedule;

import dev.proxyfleet.messaging.DeadLetters;
import dev.proxyfleet.messaging.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Sends poison records of {@code proxy-inventory} to its dead-letter topic, each once across re-reads and replicas:
 * the record's position is stored in the same transaction, and a position already stored is not sent again.
 */
@ApplicationScoped
public class InventoryDeadLetters implements PoisonRecords {

    private final Sql sql;
    private final DeadLetters deadLetters;

    public InventoryDeadLetters(Sql sql, DeadLetters deadLetters) {
        this.sql = sql;
        this.deadLetters = deadLetters;
    }

    @Override
    @Transactional
    public void reject(ConsumerRecord<String, byte[]> record, String reason) {
        boolean first = sql.update("INSERT INTO dead_lettered_record (topic, partition_no, record_offset) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", record.topic(), record.partition(), record.offset()) == 1;
        if (first) {
            deadLetters.send(record, reason);
        }
    }
}
