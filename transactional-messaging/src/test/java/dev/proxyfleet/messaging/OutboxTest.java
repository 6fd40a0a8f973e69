package dev.proxyfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.contracts.ServiceType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The outbox against a real PostgreSQL and Kafka: what a transaction writes leaves when, and only if, it commits. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class OutboxTest {

    private static final Topic TOPIC = Topic.PROVIDER_INVENTORY;

    @Inject
    Transactions transactions;

    @Inject
    Outbox outbox;

    @Inject
    MessageRetention retention;

    @Inject
    Pool pool;

    @Test
    void aCommittedEventIsPublishedWithItsCloudEventHeadersAndStampedOnceTheCommitWakesTheRelay() {
        ProviderData provider = provider();

        transactions.inTransaction(tx -> outbox.append(tx, EventType.PROVIDER_CREATED, provider)).await().indefinitely();

        List<ConsumerRecord<String, byte[]>> records = recordsOf(provider.key(), 1);
        CloudEvent<EventData> received = CloudEvent.fromKafka(records.get(0).headers(), records.get(0).value());
        assertThat(received.type()).isEqualTo(EventType.PROVIDER_CREATED);
        assertThat(received.source()).isEqualTo("/messaging-test");
        assertThat(received.data()).isEqualTo(provider);
        assertThat(unpublishedRows(provider.key())).isZero();
    }

    @Test
    void aRolledBackTransactionLeavesNoEventAndRunsNoAfterCommitAction() {
        ProviderData provider = provider();
        AtomicBoolean afterCommit = new AtomicBoolean();

        assertThatThrownBy(() -> transactions.inTransaction(tx -> {
            tx.afterCommit(() -> afterCommit.set(true));
            return outbox.append(tx, EventType.PROVIDER_CREATED, provider)
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change failed")));
        }).await().indefinitely()).hasMessage("the change failed");

        assertThat(afterCommit).isFalse();
        assertThat(pool.preparedQuery("SELECT count(*) FROM outbox WHERE event_key = $1").execute(Tuple.of(provider.key()))
                .await().indefinitely().iterator().next().getLong(0)).isZero();
    }

    @Test
    void aTombstoneFollowsTheEventsOfItsKeyInOrder() {
        ProviderData provider = provider();

        transactions.inTransaction(tx -> outbox.append(tx, EventType.PROVIDER_CREATED, provider)
                .chain(() -> outbox.append(tx, EventType.PROVIDER_DELETED, provider))
                .chain(() -> outbox.appendTombstone(tx, TOPIC, provider.key()))).await().indefinitely();

        List<ConsumerRecord<String, byte[]>> records = recordsOf(provider.key(), 3);
        assertThat(records).extracting(record -> record.value() == null ? null
                : CloudEvent.fromKafka(record.headers(), record.value()).type())
                .containsExactly(EventType.PROVIDER_CREATED, EventType.PROVIDER_DELETED, null);
    }

    @Test
    void aBatchIsPublishedInListOrder() {
        ProviderData provider = provider();
        List<ProviderData> versions = List.of(version(provider, 1), version(provider, 2), version(provider, 3));

        transactions.inTransaction(tx -> outbox.appendAll(tx, EventType.PROVIDER_UPDATED, versions)).await().indefinitely();

        assertThat(recordsOf(provider.key(), 3)).extracting(record ->
                ((ProviderData) CloudEvent.fromKafka(record.headers(), record.value()).data()).version())
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void theDedupeKeepsEachEventOnceAcrossBatchesAndWithinOne() {
        CloudEvent<EventData> first = CloudEvent.create(EventType.PROVIDER_CREATED, "/test", provider());
        CloudEvent<EventData> second = CloudEvent.create(EventType.PROVIDER_CREATED, "/test", provider());
        CloudEvent<EventData> third = CloudEvent.create(EventType.PROVIDER_CREATED, "/test", provider());
        ConsumedEvents consumed = new ConsumedEvents();
        String topic = TOPIC.topicName();

        List<CloudEvent<EventData>> fresh = transactions.inTransaction(tx -> consumed.keepNew(tx,
                List.of(first, second, first), List.of(topic, topic, topic))).await().indefinitely();
        List<CloudEvent<EventData>> redelivered = transactions.inTransaction(tx -> consumed.keepNew(tx,
                List.of(second, third), List.of(topic, topic))).await().indefinitely();

        assertThat(fresh).containsExactly(first, second);
        assertThat(redelivered).containsExactly(third);
    }

    @Test
    void retentionPurgesPublishedEventsAndDedupeRowsPastTheirAgeAndNothingElse() {
        String key = "retention-" + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        insertPublished(key, 180);
        insertPublished(key, 1);
        CloudEvent<EventData> old = CloudEvent.create(EventType.PROVIDER_CREATED, "/test", provider());
        CloudEvent<EventData> recent = CloudEvent.create(EventType.PROVIDER_CREATED, "/test", provider());
        pool.preparedQuery("INSERT INTO consumed_event (event_id, topic, consumed_at) VALUES ($1, 't', now() - interval '8 days'), ($2, 't', now())")
                .execute(Tuple.of(old.id(), recent.id())).await().indefinitely();

        retention.purge().await().indefinitely();

        assertThat(pool.preparedQuery("SELECT count(*) FROM outbox WHERE event_key = $1").execute(Tuple.of(key))
                .await().indefinitely().iterator().next().getLong(0)).isOne();
        assertThat(pool.preparedQuery("SELECT event_id FROM consumed_event WHERE event_id = ANY ($1)")
                .execute(Tuple.of(new UUID[] {old.id(), recent.id()})).await().indefinitely())
                .extracting(row -> row.getUUID(0)).containsExactly(recent.id());
    }

    private void insertPublished(String key, int ageMinutes) {
        pool.preparedQuery("INSERT INTO outbox (topic, event_key, event_time, published_at) "
                + "VALUES ('retention-test', $1, now() - make_interval(mins => $2), now() - make_interval(mins => $2))")
                .execute(Tuple.of(key, ageMinutes)).await().indefinitely();
    }

    private long unpublishedRows(String key) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE event_key = $1 AND published_at IS NULL")
                .execute(Tuple.of(key)).await().indefinitely().iterator().next().getLong(0);
    }

    private static ProviderData provider() {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        return new ProviderData(id, "Provider " + id, ServiceType.DATACENTER, BigDecimal.TEN, "EUR", null,
                ProviderStatus.ACTIVE, 1L);
    }

    private static ProviderData version(ProviderData provider, long version) {
        return new ProviderData(provider.id(), provider.name(), provider.serviceType(), provider.monthlyCostPerProxy(),
                provider.currency(), provider.contactEmail(), provider.status(), version);
    }

    /** The records of the key, read from the start of the topic until {@code count} arrived (or 30 s passed). */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(String key, int count) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC.topicName()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (found.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
            }
            assertThat(found).as("records of key %s on %s", key, TOPIC.topicName()).hasSize(count);
            return found;
        }
    }
}
