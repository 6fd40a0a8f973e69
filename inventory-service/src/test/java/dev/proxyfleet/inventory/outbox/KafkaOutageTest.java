package dev.proxyfleet.inventory.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.inventory.Database;
import dev.proxyfleet.localinfra.TopicReader;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Changes made while Kafka is down are stored, and published once it is back: nothing is lost. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class KafkaOutageTest {

    @Test
    void publishesEventsWrittenWhileKafkaWasDownOnceItIsBack() throws Exception {
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            TestInfra.get().kafka().stop();
            List<String> ids = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    ids.add(Long.toString(Api.createProxy(Api.proxyBody("pw-secret-outage"))));
                }
                Thread.sleep(2000);
                assertThat(Database.queryLong("SELECT count(*) FROM outbox WHERE published_at IS NULL AND event_key = ANY (?)", ids))
                        .as("events wait in the outbox while Kafka is down").isEqualTo(5);
                given().get("/q/health/ready").then().statusCode(200);
                given().get("/api/proxies/" + ids.get(0)).then().statusCode(200);
            } finally {
                TestInfra.get().kafka().start();
            }

            // At least once: a batch in flight when Kafka went away may be sent twice; consumers dedupe on ce_id.
            topic.awaitEveryKey(ids, Duration.ofSeconds(60));
            // The relay stamps a batch in the transaction that sent it, so a consumer may read the records first.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    Database.queryLong("SELECT count(*) FROM outbox WHERE published_at IS NULL AND event_key = ANY (?)", ids))
                    .as("the published rows stamped").isZero());
        }
    }

    @Test
    void publishesRowsThatACrashLeftInTheOutbox() throws Exception {
        String key = "crash-" + Api.unique();
        try (TopicReader topic = new TopicReader(Topic.PROVIDER_INVENTORY.topicName())) {
            // A committed row that no wake-up announced, as after a crash between commit and publish.
            Database.execute("INSERT INTO outbox (topic, event_key, event_id, event_type, event_source, payload) "
                    + "VALUES (?, ?, gen_random_uuid(), 'provider.updated', '/inventory-service', convert_to(?, 'UTF8'))",
                    Topic.PROVIDER_INVENTORY.topicName(), key,
                    "{\"id\":1,\"name\":\"Crash Co\",\"serviceType\":\"isp\",\"version\":7}");

            assertThat(topic.awaitKey(key, 1)).hasSize(1);
        }
    }
}
