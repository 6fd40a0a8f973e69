package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import io.quarkus.logging.Log;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Splits the fleet among replicas: the partitions of {@code proxy-inventory} that a consumer group assigns to this
 * instance are the unit of ownership. On assignment the consumer reads its partitions from the beginning (the topic is
 * compacted: the latest state of every proxy, tombstones for deleted ones) and every proxy goes to {@link OwnedProxies};
 * on revocation they are released. Nothing is committed: each new owner rebuilds its share from the topic itself.
 * Records of a partition no longer owned, still on their way when it was revoked, are dropped, so two replicas never
 * probe one proxy. Records that break the contract go to {@link PoisonRecords}.
 */
public final class InventoryOwnership {

    private final OwnedProxies owned;
    private final PoisonRecords poison;
    /** Guarded by itself: a record is applied wholly before or after a revocation, never across it. */
    private final Set<Integer> partitions = new HashSet<>();

    public InventoryOwnership(OwnedProxies owned, PoisonRecords poison) {
        this.owned = owned;
        this.poison = poison;
    }

    /** The group gave this instance these partitions: the consumer reads them again from the start. */
    public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        synchronized (partitions) {
            partitions.addAll(numbers(assigned));
        }
        consumer.seekToBeginning(assigned);
        Log.infof("Probing the proxies of %s partitions %s", Topic.PROXY_INVENTORY.topicName(), numbers(assigned));
    }

    /** These partitions went to another instance (or were lost with the group): their proxies are not ours now. */
    public void revoked(Collection<TopicPartition> revoked) {
        synchronized (partitions) {
            partitions.removeAll(numbers(revoked));
            owned.release(numbers(revoked));
        }
    }

    /** Applies one record of an owned partition. */
    public void apply(ConsumerRecord<String, byte[]> record) {
        synchronized (partitions) {
            if (partitions.contains(record.partition())) {
                applyOwned(record);
            }
        }
    }

    private void applyOwned(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                owned.remove(Long.parseLong(record.key()));
                return;
            }
            CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
            if (!(event.data() instanceof ProxyData proxy)) {
                throw new PoisonEventException(event.type().ceType() + " does not belong on " + record.topic());
            }
            if (event.type() == EventType.PROXY_DELETED) {
                owned.remove(proxy.id());
            } else {
                owned.upsert(record.partition(), proxy);
            }
        } catch (PoisonEventException | NumberFormatException e) {
            poison.reject(record, e.getMessage());
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
