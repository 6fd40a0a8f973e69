package dev.proxyfleet.health.schedule;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.Identifier;
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

    public InventoryChannel(ProbeSchedule schedule, InventoryDeadLetters deadLetters) {
        this.ownership = new InventoryOwnership(schedule, deadLetters);
    }

    /** Blocking: a poison record is recorded in PostgreSQL before it is dead-lettered. */
    @Incoming(CHANNEL)
    @Blocking
    void consume(ConsumerRecord<String, byte[]> record) {
        ownership.apply(record);
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
