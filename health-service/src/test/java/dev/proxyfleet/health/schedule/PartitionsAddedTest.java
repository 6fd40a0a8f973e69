package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * After partitions are added to {@code proxy-inventory}, a proxy's old record stays in its old partition and its new
 * ones land in another, read by another replica: only the newest may be probed, and by one replica. Records go to
 * explicit partitions, as if the key's hash had moved; the replicas' group is fresh, the proxies too. With the
 * broker's default assignor, two replicas split the test topic's partitions as the first ones and the last one.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class PartitionsAddedTest {

    @Inject
    ProxyVersions versions;
    @Inject
    CredentialCipher cipher;

    @Test
    void proxyDisabledOnANewPartitionIsProbedByNobody() throws Exception {
        ProxyData v1 = enabledV1();
        ProxyData v2 = next(v1, false);
        afterMove(v1, partition -> List.of(event(EventType.PROXY_UPDATED, v2, partition)),
                (first, second) -> !first.probes(v1.id()) && !second.probes(v1.id()));
    }

    @Test
    void proxyDeletedOnANewPartitionIsHeldByNobody() throws Exception {
        ProxyData v1 = enabledV1();
        ProxyData v2 = next(v1, true);
        afterMove(v1, partition -> List.of(event(EventType.PROXY_DELETED, v2, partition),
                new ProducerRecord<>(Topic.PROXY_INVENTORY.topicName(), partition, v1.key(), null)),
                (first, second) -> first.get(v1.id()).isEmpty() && second.get(v1.id()).isEmpty());
    }

    @Test
    void proxyChangedOnANewPartitionIsProbedOnlyByThatPartitionsOwnerWithTheNewCredentials() throws Exception {
        ProxyData v1 = enabledV1();
        ProxyData v2 = next(v1, true);
        afterMove(v1, partition -> List.of(event(EventType.PROXY_UPDATED, v2, partition)),
                (first, second) -> first.get(v1.id()).isEmpty() && second.probes(v1.id())
                        && second.get(v1.id()).map(p -> p.version() == 2
                                && p.passwordCiphertext().equals(v2.passwordCiphertext())).orElse(false));
    }

    /** The records that publish a proxy's newer state on the given partition. */
    @FunctionalInterface
    private interface Newer {
        List<ProducerRecord<String, byte[]>> on(int partition);
    }

    /** What the two replicas hold in the end. */
    @FunctionalInterface
    private interface Outcome {
        boolean holds(HeldProxies first, HeldProxies second);
    }

    @Test
    void replicasStartedAfterTheMoveIgnoreTheOlderRecord() throws Exception {
        ProxyData v1 = enabledV1();
        ProxyData v2 = next(v1, false);
        int oldPartition = 0;
        int newPartition = TestInfra.PARTITIONS - 1;
        long oldOffset = send(event(EventType.PROXY_CREATED, v1, oldPartition));
        long newOffset = send(event(EventType.PROXY_UPDATED, v2, newPartition));
        try (Replicas replicas = new Replicas()) {
            await(() -> replicas.haveRead(oldPartition, oldOffset) && replicas.haveRead(newPartition, newOffset)
                    && !replicas.first.probes(v1.id()) && !replicas.second.probes(v1.id()));
        }
    }

    /** Two replicas in a fresh group, started and assigned their share of the partitions. */
    private final class Replicas implements AutoCloseable {
        final HeldProxies first = new HeldProxies();
        final HeldProxies second = new HeldProxies();
        final OwnershipReplica firstReplica;
        final OwnershipReplica secondReplica;

        Replicas() {
            String group = "partitions-added-" + UUID.randomUUID();
            firstReplica = new OwnershipReplica(group, first, versions);
            secondReplica = new OwnershipReplica(group, second, versions);
            await(() -> !firstReplica.partitions().isEmpty() && !secondReplica.partitions().isEmpty()
                    && Collections.disjoint(firstReplica.partitions(), secondReplica.partitions()));
        }

        /** Whether the replica owning the partition has read past the record at this offset, and rechecked since. */
        boolean haveRead(int partition, long offset) {
            return firstReplica.hasRead(partition, offset) || secondReplica.hasRead(partition, offset);
        }

        @Override
        public void close() throws InterruptedException {
            try (firstReplica) {
                secondReplica.close();
            }
        }
    }

    /**
     * v1 goes to a partition of the first replica, which takes it, then the newer records to a partition of the
     * second. Waits until both have read past these records and the outcome holds.
     */
    private void afterMove(ProxyData v1, Newer newer, Outcome outcome) throws Exception {
        try (Replicas replicas = new Replicas()) {
            int oldPartition = replicas.firstReplica.partitions().iterator().next();
            int newPartition = replicas.secondReplica.partitions().iterator().next();
            long oldOffset = send(event(EventType.PROXY_CREATED, v1, oldPartition));
            await(() -> replicas.first.probes(v1.id()));
            long newOffset = -1;
            for (ProducerRecord<String, byte[]> record : newer.on(newPartition)) {
                newOffset = send(record);
            }
            long lastNew = newOffset;
            await(() -> replicas.haveRead(oldPartition, oldOffset) && replicas.haveRead(newPartition, lastNew)
                    && outcome.holds(replicas.first, replicas.second));
        }
    }

    private ProxyData enabledV1() {
        return Inventory.proxy(Inventory.nextId(), null, Inventory.SECRET_MARKER + "-v1", true, cipher);
    }

    /** The proxy's next version, with a new password. */
    private ProxyData next(ProxyData p, boolean enabled) {
        EncryptedSecret secret = cipher.encrypt(Inventory.SECRET_MARKER + "-v2",
                new CredentialBinding(p.id(), p.host(), p.port()));
        return new ProxyData(p.id(), p.host(), p.port(), p.protocol(), p.username(), secret.ciphertext(),
                secret.keyId(), p.providerId(), p.location(), p.labels(), p.priority(), enabled, p.maxAccounts(),
                p.maxKeys(), p.vpsId(), p.version() + 1, Instant.now());
    }

    private static ProducerRecord<String, byte[]> event(EventType type, ProxyData proxy, int partition) {
        ProducerRecord<String, byte[]> record = CloudEvent.create(type, "/test", proxy).toProducerRecord();
        return new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers());
    }

    private static long send(ProducerRecord<String, byte[]> record) throws ExecutionException, InterruptedException {
        return TestEvents.producer().send(record).get().offset();
    }

    private static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
