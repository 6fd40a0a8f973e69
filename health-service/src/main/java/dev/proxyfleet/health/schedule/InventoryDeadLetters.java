package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.messaging.KafkaConnection;
import dev.proxyfleet.messaging.Sql;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends poison records of {@code proxy-inventory} to its dead-letter topic, each once across re-reads and replicas:
 * the record's position is stored in the same transaction, and a position already stored is not sent again.
 */
@ApplicationScoped
public class InventoryDeadLetters implements PoisonRecords {

    private final Sql sql;
    private final KafkaProducer<String, byte[]> producer;

    public InventoryDeadLetters(Sql sql, KafkaConnection kafka) {
        this.sql = sql;
        this.producer = new KafkaProducer<>(kafka.clientSettings(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    @Transactional
    public void reject(ConsumerRecord<String, byte[]> record, String reason) {
        boolean first = sql.update("INSERT INTO dead_lettered_record (topic, partition_no, record_offset) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", record.topic(), record.partition(), record.offset()) == 1;
        if (!first) {
            return;
        }
        Log.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(record.topic() + Topic.DLQ_SUFFIX, null, record.key(),
                record.value(), record.headers());
        dead.headers().add(Topic.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(dead).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + dead.topic() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        }
    }

    void close(@Observes ShutdownEvent event) {
        producer.close();
    }
}
