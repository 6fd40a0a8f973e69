package dev.proxyfleet.health.schedule;

import dev.proxyfleet.crypto.CredentialCipher;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@value #CHANNEL} channel: {@code proxy-inventory} read in the owners' group ({@code health.owner-group-id}),
 * with this bean as its rebalance listener, feeding {@link InventoryOwnership}. Its records are never committed.
 */
@ApplicationScoped
@Identifier(InventoryChannel.LISTENER)
public class InventoryChannel implements KafkaConsumerRebalanceListener {

    static final String CHANNEL = "proxy-ownership";
    static final String LISTENER = "inventory-ownership";

    private final InventoryOwnership ownership;

    public InventoryChannel(ProbeSchedule schedule, InventoryDeadLetters deadLetters, ProxyVersions versions,
            CredentialCipher cipher) {
        this.ownership = new InventoryOwnership(schedule, deadLetters, versions, cipher);
    }

    /**
     * Every second, so that a proxy whose newer record another replica read on a partition added since (or whose
     * deletion it read) is probed here at most a second longer; one indexed query for all the proxies held.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> recheck() {
        return ownership.recheck();
    }

    /** The next record comes once this one is applied (its head offered, a poison one recorded and dead-lettered). */
    @Incoming(CHANNEL)
    Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return ownership.apply(record);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.assigned(consumer, partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }
}
