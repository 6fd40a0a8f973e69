package dev.proxyfleet.inventory.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.crypto.ApiKeyBinding;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.CryptoConfig;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.inventory.Database;
import dev.proxyfleet.localinfra.TopicReader;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** After a key rotation, re-encryption moves every password and API key secret to the primary key and tells consumers. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class CredentialRotationTest {

    @Inject
    CredentialCipher cipher;

    /** A cipher that has only the test's old key, as one before the rotation. */
    private static final CredentialCipher OLD_KEY_ONLY = new CredentialCipher(new CryptoConfig() {
        @Override
        public Optional<List<String>> keys() {
            return Optional.of(List.of("test-old:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        }

        @Override
        public Optional<String> primaryKeyId() {
            return Optional.empty();
        }
    });

    @Test
    void reEncryptsPasswordsUnderOldKeysAndPublishesTheChange() throws Exception {
        Map<String, Object> body = Api.proxyBody("pw-secret-rotation");
        long id = Api.createProxy(body);
        CredentialBinding binding = new CredentialBinding(id, (String) body.get("host"), (Integer) body.get("port"));
        EncryptedSecret underOld = OLD_KEY_ONLY.encrypt("pw-secret-rotation", binding);
        Database.execute("UPDATE proxy SET password_ciphertext = ?, key_id = ? WHERE id = ?",
                underOld.ciphertext(), underOld.keyId(), id);

        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            given().post("/api/admin/credentials/re-encrypt").then().statusCode(200)
                    .body("keyId", equalTo("test-new"))
                    .body("reEncrypted", greaterThanOrEqualTo(1));

            // The proxy's creation (under the primary key already) may still be on its way when the reader starts:
            // wait for the re-encrypted state, the next version.
            ConsumerRecord<String, byte[]> record = topic.await(candidate -> Long.toString(id).equals(candidate.key())
                    && proxyData(candidate).version() > 1, 1, Duration.ofSeconds(30)).get(0);
            ProxyData data = proxyData(record);
            assertThat(data.keyId()).isEqualTo("test-new");
            assertThat(cipher.decrypt(new EncryptedSecret(data.passwordCiphertext(), data.keyId()), binding))
                    .isEqualTo("pw-secret-rotation");
        }
        assertThat(Database.queryLong("SELECT count(*) FROM proxy WHERE key_id = 'test-old'")).isZero();
        assertReEncryptionAudited("proxy", id);
    }

    @Test
    void reEncryptsApiKeySecretsUnderOldKeysAndPublishesTheChange() throws Exception {
        long proxy = Api.createProxy(Api.proxyBody("pw-secret-rotation-proxy"));
        long key = Api.createKey(proxy, "rotation", "pw-secret-key-rotation");
        ApiKeyBinding binding = new ApiKeyBinding(key, proxy);
        EncryptedSecret underOld = OLD_KEY_ONLY.encrypt("pw-secret-key-rotation", binding);
        Database.execute("UPDATE api_key SET secret_ciphertext = ?, key_id = ? WHERE id = ?",
                underOld.ciphertext(), underOld.keyId(), key);

        try (TopicReader topic = new TopicReader(Topic.API_KEYS.topicName())) {
            given().post("/api/admin/credentials/re-encrypt").then().statusCode(200)
                    .body("reEncrypted", greaterThanOrEqualTo(1));

            // The key's key.created may reach the reader too (the relay publishes after the commit): skip version 1,
            // as the proxies' test does.
            ConsumerRecord<String, byte[]> record = topic.await(candidate -> (proxy + "/" + key).equals(candidate.key())
                    && candidate.value() != null && keyData(candidate).version() > 1, 1, Duration.ofSeconds(30)).get(0);
            CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
            ApiKeyData data = (ApiKeyData) event.data();
            assertThat(event.type()).isEqualTo(EventType.KEY_UPDATED);
            assertThat(data.keyId()).isEqualTo("test-new");
            assertThat(data.version()).isEqualTo(2L);
            assertThat(cipher.decrypt(new EncryptedSecret(data.secretCiphertext(), data.keyId()), binding))
                    .isEqualTo("pw-secret-key-rotation");
        }
        assertThat(Database.queryLong("SELECT count(*) FROM api_key WHERE key_id = 'test-old'")).isZero();
        assertReEncryptionAudited("key", key);
    }

    /** The entity's newest audit entry: re-encrypted by the caller, naming the keys and nothing of the secret. */
    private static void assertReEncryptionAudited(String entity, long id) {
        JsonPath audit = given().accept(ContentType.JSON).queryParam("entity", entity).queryParam("id", id)
                .get("/api/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getString("items[0].action")).isEqualTo("re-encrypted");
        assertThat(audit.getString("items[0].actor")).isEqualTo("test-admin");
        assertThat(audit.getMap("items[0].changes")).containsOnlyKeys("encryptionKey");
        assertThat(audit.getString("items[0].changes.encryptionKey.old")).isEqualTo("test-old");
        assertThat(audit.getString("items[0].changes.encryptionKey.new")).isEqualTo("test-new");
    }

    private static ApiKeyData keyData(ConsumerRecord<String, byte[]> record) {
        return (ApiKeyData) CloudEvent.fromKafka(record.headers(), record.value()).data();
    }

    private static ProxyData proxyData(ConsumerRecord<String, byte[]> record) {
        return (ProxyData) CloudEvent.fromKafka(record.headers(), record.value()).data();
    }
}
