package dev.proxyfleet.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A proxy's current health goes out on the compacted {@code proxy-health-state}, which read models are rebuilt from:
 * once for a steady proxy however often it is probed, at once when its failures or state change, and a tombstone when
 * the deleted proxy is forgotten.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class HealthStateTopicTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-state";

    @Inject
    CredentialCipher cipher;

    private static boolean of(ConsumerRecord<String, byte[]> record, ProxyData proxy) {
        return proxy.key().equals(record.key());
    }

    private static HealthStateData state(ConsumerRecord<String, byte[]> record) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        assertThat(event.type()).isEqualTo(EventType.PROXY_HEALTH_STATE);
        return (HealthStateData) event.data();
    }

    /** The probe a record of proxy-health carries, if it is one. */
    private static Optional<HealthData> probed(ConsumerRecord<String, byte[]> record) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        return event.type() == EventType.PROXY_PROBED ? Optional.of((HealthData) event.data()) : Optional.empty();
    }

    private static int firstFailure(List<HealthStateData> states) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).consecutiveFailures() > 0) {
                return i;
            }
        }
        throw new AssertionError("no failure in " + states);
    }

    @Test
    void aSteadyProxyIsPublishedOnceItsFailuresAtOnceAndItsDeletionAsATombstone() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD);
                TopicReader probes = new TopicReader(Topic.PROXY_HEALTH.topicName());
                TopicReader states = new TopicReader(Topic.PROXY_HEALTH_STATE.topicName())) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            // a cold first probe may find it degraded on the way
            HealthStateData healthy = state(states.await(record -> of(record, proxy)
                    && state(record).state() == HealthState.HEALTHY, 1, Duration.ofSeconds(30)).get(0));
            probes.await(record -> of(record, proxy) && probed(record).filter(p -> p.at().isAfter(healthy.at())).isPresent(),
                    10, Duration.ofSeconds(30));

            local.kill();
            // the first failure is published at once, after everything published before it on the proxy's partition
            states.await(record -> of(record, proxy) && state(record).consecutiveFailures() > 0, 1, Duration.ofSeconds(30));
            List<HealthStateData> seen = states.seen().stream().filter(record -> of(record, proxy))
                    .map(HealthStateTopicTest::state).toList();
            List<HealthStateData> published = seen.subList(seen.indexOf(healthy), firstFailure(seen) + 1);

            assertThat(published).as("ten probes of a steady proxy, then one failure").hasSize(2);
            assertThat(published.get(0).latencyMs()).isNotNull();
            assertThat(published.get(1)).extracting(HealthStateData::state, HealthStateData::consecutiveFailures)
                    .containsExactly(HealthState.HEALTHY, 1);
            assertThat(published.get(1).error()).containsIgnoringCase("refused");

            HealthStateData failed = state(states.await(record -> of(record, proxy) && record.value() != null
                    && state(record).state() == HealthState.FAILED, 1, Duration.ofSeconds(30)).get(0));
            assertThat(failed.consecutiveFailures()).isEqualTo(3);

            Inventory.delete(proxy);
            states.await(record -> of(record, proxy) && record.value() == null, 1, Duration.ofSeconds(30));
        }
    }
}
