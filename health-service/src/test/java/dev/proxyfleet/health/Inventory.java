package dev.proxyfleet.health;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.localinfra.TestInfra;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays inventory-service in tests: publishes proxies on {@code proxy-inventory} with encrypted passwords. */
public final class Inventory {

    /** Every test password starts with this, so the leak audit can look for it. */
    public static final String SECRET_MARKER = "pw-secret-health";
    /** The user every local proxy wants. */
    public static final String USER = "fleet";

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);
    private static KafkaProducer<String, byte[]> producer;

    private Inventory() {
    }

    /** An id no other test uses. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** The proxy as inventory would describe it, with {@code password} encrypted (null: no password). */
    public static ProxyData proxy(long id, LocalProxy local, String password, boolean enabled, CredentialCipher cipher) {
        EncryptedSecret secret = password == null ? null : cipher.encrypt(password);
        return new ProxyData(id, "127.0.0.1", local == null ? 9 : local.port(),
                local == null ? dev.proxyfleet.contracts.Protocol.HTTP : local.protocol(), password == null ? null : USER,
                secret == null ? null : secret.ciphertext(), secret == null ? null : secret.keyId(), 1L, "Test-Land",
                List.of(), 0, enabled, 3, null, 1L, Instant.now());
    }

    /** Publishes an event and waits for the broker's acknowledgement. */
    public static void publish(EventType type, EventData data) {
        send(CloudEvent.create(type, "/test", data).toProducerRecord());
    }

    /** Deletes a proxy the way inventory does: {@code proxy.deleted}, then a tombstone. */
    public static void delete(ProxyData proxy) {
        publish(EventType.PROXY_DELETED, proxy);
        send(new ProducerRecord<>(Topic.PROXY_INVENTORY.topicName(), proxy.key(), null));
    }

    public static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfra.get().kafka().bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
