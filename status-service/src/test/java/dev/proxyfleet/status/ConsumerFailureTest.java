package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A record the database refuses every time is retried a bounded number of times, dead-lettered, and passed. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ConsumerFailureTest {

    @Test
    void recordTheDatabaseRefusesIsDeadLetteredWithItsReasonAndThePartitionMovesOn() {
        long id = Events.nextId();
        String location = Events.newLocation();
        ProxyData valid = Events.proxy(id, location, null, true, 1);
        // PostgreSQL stores no NUL in text; nothing at the edge checks a location, so the database refuses it.
        ProxyData refused = new ProxyData(id, valid.host(), valid.port(), valid.protocol(), valid.username(),
                valid.passwordCiphertext(), valid.keyId(), null, "nul\u0000land", valid.labels(), 0, true, 3, null,
                null, 1L, valid.updatedAt());
        try (TopicReader dlq = new TopicReader(Topic.PROXY_INVENTORY.dlqName())) {
            TestEvents.publish(EventType.PROXY_CREATED, refused);
            // Same key, so the same partition: it is applied only if the partition moved on past the refused record.
            TestEvents.publish(EventType.PROXY_UPDATED, Events.proxy(id, location, null, true, 2));

            ConsumerRecord<String, byte[]> dead = dlq.awaitKey(Long.toString(id), 1).get(0);
            assertThat(header(dead, Topic.DLQ_REASON_HEADER)).startsWith("refused 4 times: ");
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topic.PROXY_INVENTORY.topicName());
            awaitStatus(location, status -> status.getLong("proxies[0].id") == id);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
