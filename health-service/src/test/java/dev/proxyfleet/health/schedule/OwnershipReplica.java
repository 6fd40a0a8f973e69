package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.localinfra.TestInfra;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Another health-service replica's ownership inside the test JVM: the same {@link InventoryOwnership} that the
 * service's channel feeds, fed here by a consumer of its own in the given group, so that a test can run two. It
 * rechecks what it holds after every poll, as the service does every second. It checks passwords with the service's
 * cipher.
 */
final class OwnershipReplica implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final InventoryOwnership ownership;
    private final Thread thread;
    /** Partition → position of the assigned ones, updated by its thread after each recheck. */
    private volatile Map<Integer, Long> positions = Map.of();

    /** Dead-lettering is the service's job (see {@link InventoryPoisonTest}): this replica only splits the fleet. */
    OwnershipReplica(String groupId, OwnedProxies owned, ProxyVersions versions) {
        this(groupId, owned, (record, reason) -> Uni.createFrom().voidItem(), versions);
    }

    OwnershipReplica(String groupId, OwnedProxies owned, PoisonRecords poison, ProxyVersions versions) {
        this.ownership = new InventoryOwnership(owned, poison, versions,
                Arc.container().instance(CredentialCipher.class).get());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "replica-" + groupId);
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topic.PROXY_INVENTORY.topicName()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    ownership.revoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    ownership.assigned(consumer, partitions);
                }
            });
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> ownership.apply(record).await().indefinitely());
                ownership.recheck().await().indefinitely();
                positions = consumer.assignment().stream()
                        .collect(Collectors.toMap(TopicPartition::partition, consumer::position));
            }
        } catch (WakeupException stopping) {
            // close() was called
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The partitions of {@code proxy-inventory} this replica owns. */
    Set<Integer> partitions() {
        return positions.keySet();
    }

    /** Whether this replica has applied the record at this position, and rechecked what it holds since. */
    boolean hasRead(int partition, long offset) {
        return positions.getOrDefault(partition, -1L) > offset;
    }

    /** Leaves the group, releasing this replica's proxies, as a stopping service does. */
    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
