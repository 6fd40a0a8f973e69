package dev.proxyfleet.inventory.proxy;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/proxies/bulk}: one action on many proxies, each changed as its own request would change it
 * (events through the outbox, audit entries with the caller), and reported one by one.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class BulkEditTest {

    @Test
    void addsLabelsToEachProxyPublishesAndAuditsEachAndReportsTheUnknownOneAs404() throws Exception {
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            long first = Api.createProxy(Api.proxyWith("labels", List.of("eu")));
            long second = Api.createProxy(Api.proxyWith("labels", List.of("fast")));
            JsonPath report = bulkAsOperator(Map.of("ids", List.of(first, Api.UNKNOWN_ID, second),
                    "action", "addLabels", "labels", List.of("batch-7", "eu")));

            assertThat(report.getInt("succeeded")).isEqualTo(2);
            assertThat(report.getInt("failed")).isEqualTo(1);
            assertThat(report.getList("results.id", Long.class)).containsExactly(first, Api.UNKNOWN_ID, second);
            assertThat(report.getList("results.status", Integer.class)).containsExactly(200, 404, 200);
            assertThat(report.getString("results[1].problem.detail")).contains(String.valueOf(Api.UNKNOWN_ID));
            assertThat(report.getMap("results[0]")).doesNotContainKey("problem");
            assertThat(labels(first)).containsExactly("eu", "batch-7");
            assertThat(labels(second)).containsExactly("fast", "batch-7", "eu");
            for (long id : List.of(first, second)) {
                ProxyData published = (ProxyData) event(topic.awaitKey(String.valueOf(id), 2).get(1), EventType.PROXY_UPDATED);
                assertThat(published.labels()).contains("batch-7");
                JsonPath audit = given().queryParam("entity", "proxy").queryParam("id", id).get("/api/audit")
                        .then().statusCode(200).extract().jsonPath();
                assertThat(audit.getString("items[0].actor")).isEqualTo("test-operator");
                assertThat(audit.getMap("items[0].changes")).containsOnlyKeys("labels");
            }
        }
    }

    @Test
    void setsPriorityProviderAndVpsRemovesLabelsAndDisablesEveryProxyOfTheSelection() {
        List<Long> ids = List.of(Api.createProxy(Api.proxyWith("labels", List.of("old", "keep"))),
                Api.createProxy(Api.proxyWith("labels", List.of("old"))));
        long provider = Api.createProvider("bulk-provider-" + Api.unique());
        long vps = Api.createVps("bulk-vps-" + Api.unique());

        bulkAsOperator(Map.of("ids", ids, "action", "removeLabels", "labels", List.of("old")));
        bulkAsOperator(Map.of("ids", ids, "action", "priority", "priority", 7));
        bulkAsOperator(Map.of("ids", ids, "action", "provider", "providerId", provider));
        bulkAsOperator(Map.of("ids", ids, "action", "vps", "vpsId", vps));
        JsonPath disabled = bulkAsOperator(Map.of("ids", ids, "action", "disable"));

        assertThat(disabled.getInt("succeeded")).isEqualTo(2);
        JsonPath proxy = proxy(ids.get(0));
        assertThat(proxy.getList("labels")).containsExactly("keep");
        assertThat(proxy.getInt("priority")).isEqualTo(7);
        assertThat(proxy.getLong("providerId")).isEqualTo(provider);
        assertThat(proxy.getLong("vpsId")).isEqualTo(vps);
        assertThat(proxy.getBoolean("enabled")).isFalse();
        assertThat(proxy(ids.get(1)).getList("labels")).isEmpty();
        bulkAsOperator(Map.of("ids", ids, "action", "vps"));
        assertThat(proxy(ids.get(1)).getString("vpsId")).as("vps without vpsId clears it").isNull();
    }

    @Test
    void aChangeOneProxyRefusesFailsForItAloneWithItsFieldError() {
        List<String> twenty = LongStream.range(0, 20).mapToObj(i -> "l" + i).toList();
        long full = Api.createProxy(Api.proxyWith("labels", twenty));
        long roomy = Api.createProxy(Api.proxyWith());

        JsonPath report = bulkAsOperator(Map.of("ids", List.of(full, roomy), "action", "addLabels",
                "labels", List.of("one-more")));
        JsonPath unknownProvider = bulkAsOperator(Map.of("ids", List.of(roomy), "action", "provider",
                "providerId", Api.UNKNOWN_ID));

        assertThat(report.getList("results.status", Integer.class)).containsExactly(400, 200);
        assertThat(report.getList("results[0].problem.errors.field")).containsExactly("labels");
        assertThat(labels(full)).hasSize(20).doesNotContain("one-more");
        assertThat(labels(roomy)).containsExactly("one-more");
        assertThat(unknownProvider.getInt("results[0].status")).isEqualTo(400);
        assertThat(unknownProvider.getList("results[0].problem.errors.field")).containsExactly("providerId");
    }

    @Test
    void deletesEachProxyWithItsEventsTombstoneAndAuditEntry() throws Exception {
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            List<Long> ids = List.of(Api.createProxy(Api.proxyWith()), Api.createProxy(Api.proxyWith()));
            JsonPath report = bulkAsOperator(Map.of("ids", ids, "action", "delete"));

            assertThat(report.getList("results.status", Integer.class)).containsExactly(204, 204);
            for (long id : ids) {
                Api.assertProblem(given().get("/api/proxies/{id}", id).then(), 404);
                List<ConsumerRecord<String, byte[]>> records = topic.awaitKey(String.valueOf(id), 3);
                event(records.get(1), EventType.PROXY_DELETED);
                assertThat(records.get(2).value()).as("tombstone").isNull();
                JsonPath audit = given().queryParam("entity", "proxy").queryParam("id", id).get("/api/audit")
                        .then().statusCode(200).extract().jsonPath();
                assertThat(audit.getList("items.action")).containsExactly("deleted", "created");
                assertThat(audit.getString("items[0].actor")).isEqualTo("test-operator");
            }
        }
    }

    @Test
    void refusesMoreThanTheBoundAnEmptySelectionAndAnActionWithoutItsValue() {
        List<Long> tooMany = LongStream.rangeClosed(1, BulkRequest.MAX_IDS + 1).boxed().toList();
        assertFieldError(bulk(Map.of("ids", tooMany, "action", "enable")), "ids");
        assertFieldError(bulk(Map.of("ids", List.of(), "action", "enable")), "ids");
        assertFieldError(bulk(Map.of("ids", List.of(1), "action", "addLabels")), "labels");
        assertFieldError(bulk(Map.of("ids", List.of(1), "action", "priority")), "priority");
        assertFieldError(bulk(Map.of("ids", List.of(1), "action", "explode")), "action");
        given().contentType(ContentType.JSON).body(Map.of("ids", List.of(1), "action", "enable"))
                .header("Authorization", "Bearer " + TestTokens.VIEWER).post("/api/proxies/bulk").then().statusCode(403);
    }

    /**
     * A bulk edit reads each proxy in the transaction that changes it: single edits racing with it are never lost, and
     * a change that lost the race says so (409) instead of overwriting the other.
     */
    @Test
    void singleEditsRacingABulkEditAreNeitherLostNorOverwritten() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(Api.createProxy(Api.proxyWith("labels", List.of("base"))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<JsonPath> bulk = CompletableFuture.supplyAsync(() -> bulkAsOperator(Map.of("ids", ids,
                    "action", "addLabels", "labels", List.of("bulk"))), pool);
            Map<Long, Integer> single = new HashMap<>();
            for (long id : ids) {
                single.put(id, given().contentType(ContentType.JSON).body(Map.of("priority", 9))
                        .patch("/api/proxies/{id}", id).then().extract().statusCode());
            }
            JsonPath report = bulk.get();

            for (int i = 0; i < ids.size(); i++) {
                long id = ids.get(i);
                int bulkStatus = report.getInt("results[" + i + "].status");
                assertThat(List.of(bulkStatus, single.get(id))).as("proxy %d", id).isSubsetOf(200, 409).contains(200);
                JsonPath proxy = proxy(id);
                assertThat(proxy.getList("labels").contains("bulk")).as("proxy %d: bulk label", id)
                        .isEqualTo(bulkStatus == 200);
                assertThat(proxy.getInt("priority") == 9).as("proxy %d: single priority", id)
                        .isEqualTo(single.get(id) == 200);
                assertThat(proxy.getList("labels")).as("proxy %d", id).contains("base");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static io.restassured.response.ValidatableResponse bulk(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/proxies/bulk").then();
    }

    private static JsonPath bulkAsOperator(Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + TestTokens.OPERATOR).contentType(ContentType.JSON)
                .body(body).post("/api/proxies/bulk").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath proxy(long id) {
        return given().get("/api/proxies/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> labels(long id) {
        return proxy(id).getList("labels");
    }

    private static EventData event(ConsumerRecord<String, byte[]> record, EventType expected) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        assertThat(event.type()).isEqualTo(expected);
        return event.data();
    }
}
