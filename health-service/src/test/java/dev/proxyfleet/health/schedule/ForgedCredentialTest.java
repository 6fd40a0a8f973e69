package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.RecordingProxy;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Someone who can write to the broker copies a proxy's password ciphertext into forged events that point at a proxy
 * of theirs: as a new proxy, and as a newer version of the victim itself. On the real broker, with a real proxy on
 * loopback that records what it receives: both events are dead-lettered and the password never reaches it, while a
 * proxy whose ciphertext was made for that very address is probed there with its own password.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class ForgedCredentialTest {

    private static final String VICTIM_PASSWORD = Inventory.SECRET_MARKER + "-victim";
    private static final String OWN_PASSWORD = Inventory.SECRET_MARKER + "-own";

    @Inject
    CredentialCipher cipher;
    @Inject
    ProbeSchedule schedule;

    @Test
    void copiedCiphertextsAreDeadLetteredAndTheirPasswordNeverSent() {
        try (RecordingProxy attacker = RecordingProxy.on(Inventory.HOST);
                TopicReader deadLetters = new TopicReader(Topic.PROXY_INVENTORY.dlqName())) {
            ProxyData victim = Inventory.proxy(Inventory.nextId(), null, VICTIM_PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, victim);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> schedule.target(victim.id()).isPresent());

            ProxyData copied = pointedAt(attacker, Inventory.nextId(), 1, victim);
            ProxyData redirected = pointedAt(attacker, victim.id(), victim.version() + 1, victim);
            TestEvents.publish(EventType.PROXY_CREATED, copied);
            TestEvents.publish(EventType.PROXY_UPDATED, redirected);
            ProxyData own = Inventory.proxy(Inventory.nextId(), Inventory.HOST, attacker.port(), OWN_PASSWORD, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, own);

            for (ProxyData forged : new ProxyData[] {copied, redirected}) {
                ConsumerRecord<String, byte[]> dead = deadLetters.awaitKey(forged.key(), 1).get(0);
                assertThat(new String(dead.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(), StandardCharsets.UTF_8))
                        .contains("cannot be decrypted for proxy " + forged.id() + " at 127.0.0.1:" + attacker.port())
                        .doesNotContain(VICTIM_PASSWORD);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> attacker.credentials().contains(Inventory.USER + ":" + OWN_PASSWORD));

            // Dead-lettered instead of applied: neither forged proxy was ever handed to the schedule.
            assertThat(attacker.credentials()).noneMatch(credentials -> credentials.contains(VICTIM_PASSWORD));
            assertThat(schedule.target(copied.id())).isEmpty();
            assertThat(schedule.target(victim.id()).map(ProbeTarget::port)).isEqualTo(Optional.of(victim.port()));
        }
    }

    /** The victim's ciphertext and key id in an event of proxy {@code id} that points at the attacker's proxy. */
    private static ProxyData pointedAt(RecordingProxy attacker, long id, long version, ProxyData victim) {
        return new ProxyData(id, Inventory.HOST, attacker.port(), victim.protocol(), victim.username(),
                victim.passwordCiphertext(), victim.keyId(), victim.providerId(), victim.location(), victim.labels(),
                victim.priority(), true, victim.maxAccounts(), victim.maxKeys(), victim.vpsId(), version,
                Instant.now());
    }
}
