package dev.proxyfleet.inventory.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every password inventory-service stores is bound to its proxy: created one by one, imported in bulk, or kept while
 * its proxy moves to another endpoint. What consumers receive decrypts for that proxy and for no other.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class CredentialBindingTest {

    @Inject
    CredentialCipher cipher;

    private static ProxyData data(ConsumerRecord<String, byte[]> record) {
        return (ProxyData) CloudEvent.fromKafka(record.headers(), record.value()).data();
    }

    private static EncryptedSecret secret(ProxyData proxy) {
        return new EncryptedSecret(proxy.passwordCiphertext(), proxy.keyId());
    }

    private static CredentialBinding binding(ProxyData proxy) {
        return new CredentialBinding(proxy.id(), proxy.host(), proxy.port());
    }

    @Test
    void aCreatedProxysPasswordDecryptsForItAlone() {
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            long id = Api.createProxy(Api.proxyBody("pw-secret-bound"));

            ProxyData created = data(topic.awaitKey(Long.toString(id), 1).get(0));

            assertThat(created.passwordCiphertext()).startsWith(CredentialCipher.BOUND_PREFIX);
            assertThat(cipher.decrypt(secret(created), binding(created))).isEqualTo("pw-secret-bound");
            assertThatThrownBy(() -> cipher.decrypt(secret(created),
                    new CredentialBinding(id + 1, created.host(), created.port()))).hasMessageContaining("cannot be decrypted");
        }
    }

    @Test
    void importedPasswordsAreEachBoundToTheirOwnProxy() {
        String host = "bound" + Api.unique() + ".example";
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            JsonPath report = given().contentType("text/plain; charset=UTF-8")
                    .body(host + ":8001:alice:pw-secret-bulk1\n" + host + ":8002:bob:pw-secret-bulk2\n")
                    .post("/api/proxies/import").then().statusCode(200).extract().jsonPath();
            List<Long> ids = report.getList("results.id", Long.class);
            assertThat(report.getInt("created")).isEqualTo(2);

            ProxyData first = data(topic.awaitKey(Long.toString(ids.get(0)), 1).get(0));
            ProxyData second = data(topic.awaitKey(Long.toString(ids.get(1)), 1).get(0));

            assertThat(cipher.decrypt(secret(first), binding(first))).isEqualTo("pw-secret-bulk1");
            assertThat(cipher.decrypt(secret(second), binding(second))).isEqualTo("pw-secret-bulk2");
            assertThatThrownBy(() -> cipher.decrypt(secret(first), binding(second))).hasMessageContaining("cannot be decrypted");
        }
    }

    @Test
    void aKeptPasswordFollowsItsProxyToAnotherEndpoint() {
        Map<String, Object> body = new HashMap<>(Api.proxyBody("pw-secret-moving"));
        long id = Api.createProxy(body);
        body.put("host", Api.uniqueHost());
        body.put("port", 8080);
        body.remove("password");
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            given().contentType(ContentType.JSON).body(body).put("/api/proxies/{id}", id).then().statusCode(200);

            // The proxy's creation may still be on its way when the reader starts: wait for the moved state.
            ProxyData moved = data(topic.await(candidate -> Long.toString(id).equals(candidate.key())
                    && body.get("host").equals(data(candidate).host()), 1, Duration.ofSeconds(30)).get(0));

            assertThat(moved.port()).isEqualTo(8080);
            assertThat(cipher.decrypt(secret(moved), binding(moved))).isEqualTo("pw-secret-moving");
        }
    }
}
