package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.messaging.KafkaConnection;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Splits the fleet among replicas: a consumer group on {@code proxy-inventory} whose partitions are the unit of
 * ownership. On assignment it reads its partitions from the beginning (the topic is compacted: the latest state of
 * every proxy, tombstones for deleted ones) and hands every proxy to {@link OwnedProxies}; on revocation it releases
 * them. It never commits offsets: each new owner rebuilds its share from the topic itself. Records that break the
 * contract go to {@link PoisonRecords}.
 */
public final class InventoryOwnership implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final OwnedProxies owned;
    private final PoisonRecords poison;
    private final Thread thread;
    private volatile boolean running = true;

    public InventoryOwnership(KafkaConnection kafka, String groupId, OwnedProxies owned, PoisonRecords poison) {
        this.owned = owned;
        this.poison = poison;
        this.consumer = new KafkaConsumer<>(kafka.clientSettings(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // A crashed replica's proxies move to the others after 10 s instead of the default 45 s.
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "inventory-ownership-" + groupId);
    }

    /** Joins the group; proxies arrive at {@link OwnedProxies} as partitions are assigned. */
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topic.PROXY_INVENTORY.topicName()), new Rebalance());
            while (running) {
                consumer.poll(Duration.ofMillis(500)).forEach(this::apply);
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            Log.errorf(e, "Inventory ownership consumer stopped");
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                owned.remove(Long.parseLong(record.key()));
                return;
            }
            CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
            ProxyData proxy = (ProxyData) event.data();
            if (event.type() == EventType.PROXY_DELETED) {
                owned.remove(proxy.id());
            } else {
                owned.upsert(record.partition(), proxy);
            }
        } catch (PoisonEventException | ClassCastException | NumberFormatException e) {
            reject(record, e.getMessage());
        }
    }

    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        try {
            poison.reject(record, reason);
        } catch (RuntimeException e) {
            Log.warnf("Could not dead-letter %s-%d@%d, will again at the next take-over: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    /** Leaves the group, so the other replicas take this one's proxies at once. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.release(numbers(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned.release(numbers(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.seekToBeginning(partitions);
            Log.infof("Probing the proxies of %s partitions %s", Topic.PROXY_INVENTORY.topicName(), numbers(partitions));
        }

        private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        }
    }
}
