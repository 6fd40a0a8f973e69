package dev.proxyfleet.inventory.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.inventory.Database;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A password stored before ciphertexts were bound to their proxy is re-encrypted, bound and under the primary key, by
 * the service's start-up alone, and consumers get it in a {@code proxy.updated}. First of all classes, so that the
 * secret-leak audit, last, sees what it logged.
 */
@QuarkusTest
@WithTestResource(LegacyCiphertexts.class)
@Order(1)
class CredentialMigrationTest {

    @Inject
    CredentialCipher cipher;
    @Test
    void startUpReEncryptsUnboundPasswordsForTheirProxyAndPublishesThem() throws Exception {
        // Looked up, not injected: every test class is a bean of every test application, which lack this property.
        String host = ConfigProvider.getConfig().getValue(LegacyCiphertexts.HOST_PROPERTY, String.class);
        long id = Database.queryLong("SELECT id FROM proxy WHERE host = ?", host);
        CredentialBinding binding = new CredentialBinding(id, host, 3128);

        ProxyData published = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> updated(id), data -> data != null);

        assertThat(published.keyId()).isEqualTo("test-new");
        assertThat(cipher.decrypt(new EncryptedSecret(published.passwordCiphertext(), published.keyId()), binding))
                .isEqualTo(LegacyCiphertexts.PASSWORD);
        List<String> stored = Database.queryStrings("SELECT password_ciphertext FROM proxy WHERE id = ?", id);
        assertThat(stored).containsExactly(published.passwordCiphertext());
    }

    /** The proxy's {@code proxy.updated} on the topic, or null while there is none. */
    private static ProxyData updated(long id) {
        return TopicReader.readAll(Topic.PROXY_INVENTORY.topicName()).stream()
                .filter(r -> r.value() != null && Long.toString(id).equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> CloudEvent.fromKafka(r.headers(), r.value()))
                .filter(event -> event.type() == EventType.PROXY_UPDATED)
                .map(event -> (ProxyData) event.data())
                .findFirst().orElse(null);
    }
}
