package dev.proxyfleet.inventory.key;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Key changes on api-keys as the contract says, read back with a plain Kafka consumer. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ApiKeyEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static CloudEvent<EventData> event(ConsumerRecord<String, byte[]> record) {
        return CloudEvent.fromKafka(record.headers(), record.value());
    }

    @Test
    void aKeysLifecycleIsPublishedKeyedByProxyAndKeyWithATombstone() throws Exception {
        try (TopicReader topic = new TopicReader(Topic.API_KEYS.topicName())) {
            long proxy = Api.createProxy(Api.proxyBody("pw-secret-key-events"));
            long id = Api.createKey(proxy, "events", "pw-secret-key-events");
            given().delete("/api/proxies/{id}/keys/{keyId}", proxy, id).then().statusCode(204);

            List<ConsumerRecord<String, byte[]>> records = topic.awaitKey(proxy + "/" + id, 3);

            assertThat(records.subList(0, 2)).extracting(r -> event(r).type())
                    .containsExactly(EventType.KEY_CREATED, EventType.KEY_DELETED);
            ApiKeyData created = (ApiKeyData) event(records.get(0)).data();
            assertThat(created.id()).isEqualTo(id);
            assertThat(created.proxyId()).isEqualTo(proxy);
            assertThat(created.pool()).isEqualTo("events");
            assertThat(created.keyId()).isEqualTo("test-new");
            assertThat(created.secretCiphertext()).startsWith("v2:").doesNotContain("pw-secret");
            assertThat(((ApiKeyData) event(records.get(1)).data()).version()).isEqualTo(2L);
            Set<String> fields = new HashSet<>();
            JSON.readTree(records.get(0).value()).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyInAnyOrder("id", "proxyId", "name", "pool", "secretCiphertext", "keyId", "version");
            assertThat(records.get(2).value()).as("tombstone after key.deleted").isNull();
        }
    }

    @Test
    void deletingAProxyDeletesItsKeysFirstAndTheirEventsShareThePartitionOfTheProxy() {
        long proxy = Api.createProxy(Api.proxyBody("pw-secret-key-cascade"));
        try (TopicReader keys = new TopicReader(Topic.API_KEYS.topicName());
                TopicReader proxies = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            long first = Api.createKey(proxy, "cascade", "pw-secret-key-cascade-1");
            long second = Api.createKey(proxy, "cascade", "pw-secret-key-cascade-2");

            given().delete("/api/proxies/{id}", proxy).then().statusCode(204);

            List<ConsumerRecord<String, byte[]>> deleted = keys.await(r -> r.value() != null
                    && r.key().startsWith(proxy + "/") && "key.deleted".equals(type(r)), 2, WAIT);
            assertThat(deleted).extracting(ConsumerRecord::key).containsExactly(proxy + "/" + first, proxy + "/" + second);
            List<ConsumerRecord<String, byte[]>> ofProxy = keys.await(r -> r.key().startsWith(proxy + "/"), 6, WAIT);
            // created, deleted and a tombstone for each of the two keys
            assertThat(ofProxy).extracting(ConsumerRecord::partition).as("one partition for one proxy's keys")
                    .containsOnly(ofProxy.get(0).partition());
            ConsumerRecord<String, byte[]> proxyDeleted = proxies.await(r -> Long.toString(proxy).equals(r.key())
                    && r.value() != null && "proxy.deleted".equals(type(r)), 1, WAIT).get(0);
            assertThat(deleted.get(1).timestamp()).isLessThanOrEqualTo(proxyDeleted.timestamp());
        }
        given().queryParam("pool", "cascade").get("/api/keys").then().statusCode(200)
                .body("proxyId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem((int) proxy)));
    }

    private static String type(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(CloudEvent.HEADER_TYPE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
