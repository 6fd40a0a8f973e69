package dev.proxyfleet.health;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.localinfra.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Plays inventory-service in tests: publishes proxies on {@code proxy-inventory} with encrypted passwords. */
public final class Inventory {

    /** Every test password starts with this, so the leak audit can look for it. */
    public static final String SECRET_MARKER = "pw-secret-health";
    /** Where every local proxy listens. */
    public static final String HOST = "127.0.0.1";
    /** The user every local proxy wants. */
    public static final String USER = "fleet";

    /** The provider of the proxies of tests that do not name one. */
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    private Inventory() {
    }

    /** An id no other test uses. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** The proxy as inventory would describe it, with {@code password} encrypted for it (null: no password). */
    public static ProxyData proxy(long id, LocalProxy local, String password, boolean enabled, CredentialCipher cipher) {
        return proxy(id, local, password, enabled, List.of(), cipher);
    }

    /** The same with inventory labels, such as {@code health-interval=5s}. */
    public static ProxyData proxy(long id, LocalProxy local, String password, boolean enabled, List<String> labels,
            CredentialCipher cipher) {
        return proxy(id, HOST, local == null ? 9 : local.port(), local == null ? Protocol.HTTP : local.protocol(),
                password, enabled, labels, ownProvider(), cipher);
    }

    /**
     * The provider of a proxy whose test names none: one of its own, so that the failing proxies other tests leave
     * behind never put it in outage, where it would be probed gently.
     */
    private static long ownProvider() {
        return nextId();
    }

    /** An enabled proxy of this provider. */
    public static ProxyData proxyOf(long providerId, LocalProxy local, String password, CredentialCipher cipher) {
        return proxyOf(providerId, local, password, List.of(), cipher);
    }

    /** An enabled proxy of this provider (null: none) with these labels. */
    public static ProxyData proxyOf(Long providerId, LocalProxy local, String password, List<String> labels,
            CredentialCipher cipher) {
        return proxy(nextId(), HOST, local.port(), local.protocol(), password, true, labels, providerId, cipher);
    }

    /** An enabled HTTP proxy at this address, such as a {@link RecordingProxy}'s. */
    public static ProxyData proxy(long id, String host, int port, String password, CredentialCipher cipher) {
        return proxy(id, host, port, Protocol.HTTP, password, true, List.of(), ownProvider(), cipher);
    }

    private static ProxyData proxy(long id, String host, int port, Protocol protocol, String password, boolean enabled,
            List<String> labels, Long providerId, CredentialCipher cipher) {
        EncryptedSecret secret = password == null ? null : cipher.encrypt(password, new CredentialBinding(id, host, port));
        return new ProxyData(id, host, port, protocol, password == null ? null : USER,
                secret == null ? null : secret.ciphertext(), secret == null ? null : secret.keyId(), providerId, "Test-Land",
                labels, 0, enabled, 3, null, null, 1L, Instant.now());
    }

    /** Deletes a proxy the way inventory does: {@code proxy.deleted}, then a tombstone. */
    public static void delete(ProxyData proxy) {
        TestEvents.publish(EventType.PROXY_DELETED, proxy);
        TestEvents.send(new ProducerRecord<>(Topic.PROXY_INVENTORY.topicName(), proxy.key(), null));
    }
}
