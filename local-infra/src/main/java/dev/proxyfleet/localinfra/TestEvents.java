package dev.proxyfleet.localinfra;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Tests play the other services: events published on the test JVM's broker, as the contract says they look. */
public final class TestEvents {

    private static KafkaProducer<String, byte[]> producer;

    private TestEvents() {
    }

    /** One producer for the test JVM, for tests that publish many records and flush once. */
    public static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            useBroker(TestInfra.get().kafka().bootstrapServers());
        }
        return producer;
    }

    /**
     * Publishes to this broker from now on instead of the test JVM's own, for tests of a fleet started as a whole
     * (whose broker {@link TestInfra} did not start).
     */
    public static synchronized void useBroker(String bootstrapServers) {
        if (producer != null) {
            producer.close();
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 2), new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes one event from {@code /test} and waits for the broker's acknowledgement. */
    public static CloudEvent<EventData> publish(EventType type, EventData data) {
        CloudEvent<EventData> event = CloudEvent.create(type, "/test", data);
        send(event.toProducerRecord());
        return event;
    }

    /**
     * Publishes one event from {@code /test} to this partition of its topic, where the outbox relay's partitioner puts
     * it rather than where the key hashes to ({@code fleet-settings}' records all go to one), and waits for the broker.
     */
    public static void publish(EventType type, EventData data, int partition) {
        ProducerRecord<String, byte[]> record = CloudEvent.create(type, "/test", data).toProducerRecord();
        send(new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers()));
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + record.topic() + ": " + e.getCause().getMessage(), e);
        }
    }
}
