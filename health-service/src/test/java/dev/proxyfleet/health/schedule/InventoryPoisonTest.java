package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.localinfra.TopicReader;
import dev.proxyfleet.messaging.KafkaConnection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    @Test
    void poisonRecordIsDeadLetteredOnceAcrossReReads() {
        String key = Long.toString(Inventory.nextId());
        try (TopicReader dlq = new TopicReader(Topic.PROXY_INVENTORY.dlqName())) {
            TestEvents.send(new ProducerRecord<>(Topic.PROXY_INVENTORY.topicName(), key, "{not json".getBytes(StandardCharsets.UTF_8)));

            ConsumerRecord<String, byte[]> dead = dlq.awaitKey(key, 1).get(0);
            assertThat(new String(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .contains("ce_specversion");

            ProxyData after = Inventory.proxy(Inventory.nextId(), null, null, false, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, after);
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            OwnedProxies recorder = new OwnedProxies() {
                @Override
                public void upsert(int partition, ProxyData proxy) {
                    seen.add(proxy.id());
                }

                @Override
                public void remove(long proxyId) {
                }

                @Override
                public void release(Set<Integer> partitions) {
                }
            };
            try (InventoryOwnership reReader = new InventoryOwnership(KafkaConnection.plaintext(TestInfra.get().kafka().bootstrapServers()),
                    "re-read-" + UUID.randomUUID(), recorder, deadLetters)) {
                reReader.start();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains(after.id()));
            }
            assertThat(TopicReader.readAll(Topic.PROXY_INVENTORY.dlqName())).filteredOn(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)))
                    .hasSize(1);
        }
    }
}
