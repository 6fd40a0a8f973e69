package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends a record that cannot be applied to {@code <topic>.dlq}, with the headers SmallRye's own dead-letter queue
 * writes ({@value Topic#DLQ_REASON_HEADER}, {@code dead-letter-topic}, {@code -partition}, {@code -offset}) and the
 * record's own. It waits for the broker: a record whose dead letter cannot be written is not acknowledged, and the
 * failure fails the consuming channel, which health reports (liveness DOWN, so the pod is restarted).
 *
 * <p>The connector's {@code dead-letter-queue} strategy is not used because a batch is applied in one transaction:
 * only this code knows which record of a batch was poison, after the batch failed and was applied record by record.
 */
@ApplicationScoped
public class DeadLetters {

    /** The outgoing channel; each message names its topic. */
    public static final String CHANNEL = "dead-letters";

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry registry;

    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    /** Writes the record to its topic's dead-letter topic; completes once the broker has it. */
    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        Log.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Topic.DLQ_REASON_HEADER, utf8(reason));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
        String topic = record.topic() + Topic.DLQ_SUFFIX;
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(record.key()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(record.value()).addMetadata(metadata))
                .invoke(() -> Counter.builder("fleet.dead.letters").tag("topic", record.topic())
                        .description("Records sent to the topic's dead-letter topic").register(registry).increment());
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
