package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' ownership consumers in one group split the fleet by partition of {@code proxy-inventory}: a joining
 * one takes a share, a leaving one hands its share back, and at no moment do both hold the same proxy.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class PartitionHandOverTest {

    private static final int FLEET = 30;
    @Inject
    CredentialCipher cipher;
    @Inject
    ProxyVersions versions;

    @Test
    void proxiesMoveBetweenReplicasWithoutBeingProbedTwiceOrForgotten() throws InterruptedException {
        // Disabled, so that the service under test does not probe them: only the two replicas here matter.
        List<ProxyData> proxies = IntStream.range(0, FLEET)
                .mapToObj(i -> Inventory.proxy(Inventory.nextId(), null, null, false, cipher)).toList();
        proxies.forEach(p -> TestEvents.publish(EventType.PROXY_CREATED, p));
        Set<Long> fleet = Set.copyOf(proxies.stream().map(ProxyData::id).toList());
        String group = "hand-over-" + UUID.randomUUID();
        HeldProxies a = new HeldProxies();
        HeldProxies b = new HeldProxies();
        AtomicInteger overlaps = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Set<Long> both = a.of(fleet);
                both.retainAll(b.of(fleet));
                overlaps.addAndGet(both.size());
            }
        });
        watcher.start();
        try (OwnershipReplica first = new OwnershipReplica(group, a, versions)) {
            await(() -> a.of(fleet).equals(fleet));

            try (OwnershipReplica second = new OwnershipReplica(group, b, versions)) {
                await(() -> !b.of(fleet).isEmpty() && !a.of(fleet).isEmpty() && union(a, b, fleet).equals(fleet));
            }
            await(() -> a.of(fleet).equals(fleet) && b.of(fleet).isEmpty());
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(a.of(fleet)).isEmpty();
    }

    private static Set<Long> union(HeldProxies a, HeldProxies b, Set<Long> fleet) {
        Set<Long> all = a.of(fleet);
        all.addAll(b.of(fleet));
        return all;
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
