package dev.proxyfleet.health.schedule;

import dev.proxyfleet.messaging.DeadLetters;
import dev.proxyfleet.messaging.Transactions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Sends poison records of the topics read again and again ({@code proxy-inventory} at every rebalance,
 * {@code fleet-settings} by every replica at every start) to their dead-letter topics, each once across re-reads and
 * replicas: the record's position is stored in the same transaction, and a position already stored is not sent again. The
 * transaction commits only once the broker has the dead letter, so a record whose dead letter failed is sent again.
 */
@ApplicationScoped
public class InventoryDeadLetters implements PoisonRecords {

    private final Transactions transactions;
    private final DeadLetters deadLetters;

    public InventoryDeadLetters(Transactions transactions, DeadLetters deadLetters) {
        this.transactions = transactions;
        this.deadLetters = deadLetters;
    }

    @Override
    public Uni<Void> reject(ConsumerRecord<String, byte[]> record, String reason) {
        return transactions.inTransaction(tx -> tx.connection().preparedQuery("INSERT INTO dead_lettered_record "
                        + "(topic, partition_no, record_offset) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(record.topic(), record.partition(), record.offset()))
                .chain(stored -> stored.rowCount() == 1 ? deadLetters.send(record, reason) : Uni.createFrom().voidItem()));
    }
}
