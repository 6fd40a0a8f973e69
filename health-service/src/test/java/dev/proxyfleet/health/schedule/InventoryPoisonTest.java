package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A poison record on {@code proxy-inventory} reaches the dead-letter topic once, however often it is re-read. */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class InventoryPoisonTest {

    @Inject
    InventoryDeadLetters deadLetters;
    @Inject
    CredentialCipher cipher;
    @Inject
    ProxyVersions versions;

    @Test
    void poisonRecordIsDeadLetteredOnceAcrossReReads() throws InterruptedException {
        String key = Long.toString(Inventory.nextId());
        try (TopicReader dlq = new TopicReader(Topic.PROXY_INVENTORY.dlqName())) {
            TestEvents.send(new ProducerRecord<>(Topic.PROXY_INVENTORY.topicName(), key, "{not json".getBytes(StandardCharsets.UTF_8)));

            ConsumerRecord<String, byte[]> dead = dlq.awaitKey(key, 1).get(0);
            assertThat(new String(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .contains("ce_specversion");

            ProxyData after = Inventory.proxy(Inventory.nextId(), null, null, false, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, after);
            HeldProxies recorder = new HeldProxies();
            try (OwnershipReplica reReader = new OwnershipReplica("re-read-" + UUID.randomUUID(), recorder, deadLetters,
                    versions)) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorder.get(after.id()).isPresent());
            }
            assertThat(TopicReader.readAll(Topic.PROXY_INVENTORY.dlqName())).filteredOn(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)))
                    .hasSize(1);
        }
    }
}
