package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.schedule.ProxyVersions.Head;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
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
 * probe one proxy. Records that break the contract go to {@link PoisonRecords}, and so does a created or updated proxy
 * whose password does not decrypt for its id and endpoint: copied from another proxy's event, or its proxy pointed at
 * another host by someone who can write to the broker. Such a record is never applied, so its host never receives the
 * password.
 *
 * <p>Compaction keeps the latest record of a key per partition, so once partitions are added a proxy's old records
 * stay in its old partition while its new ones go to the partition its key hashes to now: two owners may read two
 * states of one proxy. Only the newest across partitions counts, as {@link ProxyVersions} (shared by the replicas)
 * decides: a record is applied only while it is its proxy's head; an older one is ignored; a deletion wins over every
 * create or update. Since a replica cannot read the partitions of others, it {@linkplain #recheck() rechecks} the
 * proxies it holds against the heads, and lets go of those that moved (their health stays for the new owner) or were
 * deleted. So no operator step is needed after adding partitions.
 *
 * <p>Nothing here blocks: the heads are read and written without holding the lock, and what they say is applied to
 * what this instance holds under the lock afterwards, only if the record's partition is still owned (for a record) or
 * the proxy is still held as it was when the heads were read (for a recheck).
 */
public final class InventoryOwnership {

    private final OwnedProxies owned;
    private final PoisonRecords poison;
    private final ProxyVersions versions;
    private final CredentialCipher cipher;
    /** Guarded by itself: a record's effect on what is held comes wholly before or after a revocation, never across it. */
    private final Set<Integer> partitions = new HashSet<>();
    /** The head of each proxy handed to {@link #owned}, to see when it is no longer the head; guarded by partitions. */
    private final Map<Long, Head> held = new HashMap<>();

    public InventoryOwnership(OwnedProxies owned, PoisonRecords poison, ProxyVersions versions, CredentialCipher cipher) {
        this.owned = owned;
        this.poison = poison;
        this.versions = versions;
        this.cipher = cipher;
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
            held.values().removeIf(head -> !partitions.contains(head.partition()));
            owned.release(numbers(revoked));
        }
    }

    /** Applies one record of an owned partition; completes once it is applied, dropped or rejected. */
    public Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        if (!owns(record.partition())) {
            return Uni.createFrom().voidItem();
        }
        Head offered;
        ProxyData proxy = null;
        try {
            if (record.value() == null) {
                // A tombstone carries no version; a deletion wins whatever it is.
                offered = new Head(Long.parseLong(record.key()), record.partition(), 0, true);
            } else {
                CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
                if (!(event.data() instanceof ProxyData data)) {
                    throw new PoisonEventException(event.type().ceType() + " does not belong on " + record.topic());
                }
                proxy = data;
                boolean deleted = event.type() == EventType.PROXY_DELETED;
                if (!deleted) {
                    requireOwnPassword(data);
                }
                offered = new Head(data.id(), record.partition(), data.version(), deleted);
            }
        } catch (PoisonEventException | NumberFormatException e) {
            return poison.reject(record, e.getMessage());
        }
        ProxyData read = proxy;
        return versions.offer(offered).invoke(head -> settle(offered, head, read)).replaceWithVoid();
    }

    /** Lets go of the proxies held whose head is now on another partition, or a deletion. */
    public Uni<Void> recheck() {
        Map<Long, Head> checked;
        synchronized (partitions) {
            if (held.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            checked = new HashMap<>(held);
        }
        return versions.superseded(checked.values()).invoke(heads -> {
            synchronized (partitions) {
                // A proxy held otherwise by now (a record applied, a partition revoked) waits for the next recheck.
                heads.stream().filter(head -> Objects.equals(held.get(head.proxyId()), checked.get(head.proxyId())))
                        .forEach(this::supersede);
            }
        }).replaceWithVoid();
    }

    /** Decrypts the password only to prove that it was made for this proxy and endpoint; it is not kept. */
    private void requireOwnPassword(ProxyData proxy) {
        try {
            ProbeTarget.of(proxy).password(cipher);
        } catch (IllegalStateException e) {
            throw new PoisonEventException(e.getMessage(), e);
        }
    }

    private boolean owns(int partition) {
        synchronized (partitions) {
            return partitions.contains(partition);
        }
    }

    /**
     * Applies the record when it is its proxy's head ({@code head}, as its offer answered), otherwise the head that
     * beat it; neither when its partition was revoked meanwhile.
     */
    private void settle(Head record, Head head, ProxyData proxy) {
        synchronized (partitions) {
            if (!partitions.contains(record.partition())) {
                return;
            }
            if (head.equals(record) && !head.deleted()) {
                held.put(head.proxyId(), head);
                owned.upsert(head.partition(), proxy);
            } else {
                supersede(head);
            }
        }
    }

    /** The proxy's head is not what this instance holds (if it holds it at all): a deletion, or elsewhere. */
    private void supersede(Head head) {
        Head mine = held.get(head.proxyId());
        if (head.deleted()) {
            held.remove(head.proxyId());
            owned.remove(head.proxyId());
        } else if (mine != null && !mine.equals(head)) {
            held.remove(head.proxyId());
            owned.handedOver(head.proxyId());
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
