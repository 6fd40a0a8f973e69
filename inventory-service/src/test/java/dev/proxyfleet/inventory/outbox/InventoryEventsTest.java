package dev.proxyfleet.inventory.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.TopicReader;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Each change appears on its topic exactly as the contract says, read back with a plain Kafka consumer. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class InventoryEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void proxyLifecycleIsPublishedInOrderWithVersionsAndATombstone() throws Exception {
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            long id = Api.createProxy(Api.proxyBody("pw-secret-events"));
            given().contentType(ContentType.JSON).body(Map.of("enabled", false, "priority", 4))
                    .patch("/api/proxies/{id}", id).then().statusCode(200);
            given().delete("/api/proxies/{id}", id).then().statusCode(204);

            List<ConsumerRecord<String, byte[]>> records = topic.awaitKey(Long.toString(id), 4);

            List<CloudEvent<EventData>> events = records.subList(0, 3).stream()
                    .map(r -> CloudEvent.fromKafka(r.headers(), r.value())).toList();
            assertThat(events).extracting(CloudEvent::type)
                    .containsExactly(EventType.PROXY_CREATED, EventType.PROXY_UPDATED, EventType.PROXY_DELETED);
            assertThat(events).extracting(e -> ((ProxyData) e.data()).version()).containsExactly(1L, 2L, 3L);
            ProxyData updated = (ProxyData) events.get(1).data();
            assertThat(updated.enabled()).isFalse();
            assertThat(updated.priority()).isEqualTo(4);
            assertThat(updated.keyId()).isEqualTo("test-new");
            assertThat(updated.passwordCiphertext()).isNotBlank().doesNotContain("pw-secret-events");
            assertThat(events).extracting(CloudEvent::source).containsOnly("/inventory-service");
            assertThat(events.stream().map(CloudEvent::id).collect(Collectors.toSet())).hasSize(3);
            assertThat(records.get(3).value()).as("tombstone after proxy.deleted").isNull();
            records.subList(0, 3).forEach(r -> assertThat(header(r, "content-type")).isEqualTo("application/json"));
        }
    }

    @Test
    void theRequestsTraceGoesOnInTheEventsTraceparentHeader() {
        String traceId = String.format("%032x", Api.unique() + 0x5eed0000L);
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            long id = given().contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .body(Api.proxyBody("pw-secret-traced")).post("/api/proxies")
                    .then().statusCode(201).extract().jsonPath().getLong("id");

            assertThat(header(topic.awaitKey(Long.toString(id), 1).get(0), "traceparent")).startsWith("00-" + traceId + "-");
        }
    }

    @Test
    void proxyEventCarriesExactlyTheContractFields() throws Exception {
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            long id = Api.createProxy(Api.proxyBody("pw-secret-fields"));

            JsonNode data = JSON.readTree(topic.awaitKey(Long.toString(id), 1).get(0).value());

            Set<String> fields = Set.copyOf(iterable(data.fieldNames()));
            assertThat(fields).containsExactlyInAnyOrder("id", "host", "port", "protocol", "username",
                    "passwordCiphertext", "keyId", "providerId", "location", "labels", "priority", "enabled",
                    "maxAccounts", "maxKeys", "vpsId", "version", "updatedAt");
            assertThat(data.get("protocol").asText()).isEqualTo("HTTP");
            assertThat(data.get("maxAccounts").asInt()).isEqualTo(3);
            assertThat(data.get("maxKeys").asInt()).isEqualTo(2);
            assertThat(data.get("updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }

    @Test
    void providerCascadeDeletePublishesEveryProxyDeletionBeforeTheProvider() {
        long providerId = Api.createProvider("Cascade Co " + Api.unique());
        Map<String, Object> body = new java.util.HashMap<>(Api.proxyBody("pw-secret-cascade"));
        body.put("providerId", providerId);
        long proxyId = Api.createProxy(body);
        try (TopicReader proxies = new TopicReader(Topic.PROXY_INVENTORY.topicName());
                TopicReader providers = new TopicReader(Topic.PROVIDER_INVENTORY.topicName())) {
            given().delete("/api/providers/{id}", providerId).then().statusCode(409);
            given().delete("/api/providers/{id}?cascade=true", providerId).then().statusCode(204);

            // The creations may still be on their way when the readers start: wait for the deletions themselves.
            ConsumerRecord<String, byte[]> deleted = awaitType(proxies, proxyId, "proxy.deleted");
            ConsumerRecord<String, byte[]> providerDeleted = awaitType(providers, providerId, "provider.deleted");
            assertThat(deleted.timestamp()).isLessThanOrEqualTo(providerDeleted.timestamp());
            CloudEvent<EventData> event = CloudEvent.fromKafka(providerDeleted.headers(), providerDeleted.value());
            assertThat(event.type()).isEqualTo(EventType.PROVIDER_DELETED);
            assertThat(((ProviderData) event.data()).version()).isEqualTo(2L);
            UUID.fromString(header(providerDeleted, CloudEvent.HEADER_ID));
        }
        given().get("/api/proxies/{id}", proxyId).then().statusCode(404);
    }

    private static ConsumerRecord<String, byte[]> awaitType(TopicReader reader, long id, String type) {
        return reader.await(record -> Long.toString(id).equals(record.key()) && record.value() != null
                && type.equals(header(record, CloudEvent.HEADER_TYPE)), 1, Duration.ofSeconds(30)).get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
