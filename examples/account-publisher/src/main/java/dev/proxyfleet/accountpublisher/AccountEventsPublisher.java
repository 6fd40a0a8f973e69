package dev.proxyfleet.accountpublisher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How an account service tells the fleet about its accounts, written with the CloudEvents Java SDK
 * ({@code io.cloudevents:cloudevents-kafka}) and no code of this project: binary mode (the {@code ce_*} headers), the
 * account id as the record key, so that one account's events stay in order, and JSON data {@code accountId},
 * {@code modelId} and, when known, {@code vpsId}. Run it against the local fleet:
 *
 * <pre>java -cp 'examples/account-publisher/target/account-publisher-0.1.0-SNAPSHOT.jar:examples/account-publisher/target/lib/*' \
 *     dev.proxyfleet.accountpublisher.AccountEventsPublisher 127.0.0.1:9092 account.created acc-1 m-1</pre>
 */
public final class AccountEventsPublisher implements AutoCloseable {

    /** The contract's topic for account lifecycle events. */
    public static final String TOPIC = "account-events";
    private static final URI SOURCE = URI.create("/example-account-service");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, CloudEvent> producer;

    public AccountEventsPublisher(String bootstrapServers) {
        // The SDK's serializer writes binary mode unless told otherwise; acks=all, so a sent event is not lost.
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new CloudEventSerializer());
    }

    /**
     * The event for one account: {@code type} is one of the contract's {@code account.created}, {@code .updated},
     * {@code .deleted}, {@code .invalidated}, {@code .reactivated}; {@code modelId} may be null for the last three.
     */
    public static CloudEvent event(String type, String accountId, String modelId, OffsetDateTime time) {
        ObjectNode data = JSON.createObjectNode().put("accountId", accountId).put("modelId", modelId);
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withType(type).withSource(SOURCE)
                .withTime(time).withDataContentType("application/json")
                .withData(data.toString().getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Sends the event and waits until the broker has it. */
    public RecordMetadata publish(String type, String accountId, String modelId) throws ExecutionException, InterruptedException {
        CloudEvent event = event(type, accountId, modelId, OffsetDateTime.now());
        return producer.send(new ProducerRecord<>(TOPIC, accountId, event)).get();
    }

    @Override
    public void close() {
        producer.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: AccountEventsPublisher <bootstrap servers> <type> <account id> [model id]");
            System.exit(2);
        }
        try (AccountEventsPublisher publisher = new AccountEventsPublisher(args[0])) {
            RecordMetadata sent = publisher.publish(args[1], args[2], args.length > 3 ? args[3] : null);
            System.out.printf("%s for %s is on %s-%d at offset %d%n", args[1], args[2], sent.topic(), sent.partition(), sent.offset());
        }
    }
}
