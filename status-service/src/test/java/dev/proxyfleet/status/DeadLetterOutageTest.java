package dev.proxyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.contracts.ServiceType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A consumer whose dead-letter topic refuses its records does not die silently: the channel fails, liveness turns
 * DOWN, so Kubernetes restarts the pod, which reads the record again. Its own profile, so that the failed channel ends
 * with this application instance.
 */
@QuarkusTest
@TestProfile(DeadLetterOutageTest.OwnInstance.class)
@WithTestResource(FleetTestResource.class)
class DeadLetterOutageTest {

    /** No settings of its own: a separate profile only gives the test an application instance of its own. */
    public static class OwnInstance implements QuarkusTestProfile {
    }

    @Test
    void unwritableDeadLetterTopicFailsLivenessInsteadOfLosingTheRecord() throws Exception {
        given().get("/q/health/live").then().statusCode(200);
        String key = Long.toString(Events.nextId());
        try (Admin admin = ConsumerLag.admin()) {
            maxMessageBytes(admin, "1");
            try {
                ProducerRecord<String, byte[]> valid = CloudEvent.create(EventType.PROVIDER_CREATED, "/test",
                        new ProviderData(Long.parseLong(key), "Outage", ServiceType.DATACENTER, BigDecimal.ONE, "EUR",
                                null, ProviderStatus.ACTIVE, 1L)).toProducerRecord();
                TestEvents.send(new ProducerRecord<>(valid.topic(), null, key, "{not json".getBytes(StandardCharsets.UTF_8),
                        valid.headers()));

                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> given().get("/q/health/live").statusCode() == 503);
                assertThat(given().get("/q/health/live").asString()).contains(Topic.PROVIDER_INVENTORY.topicName());
            } finally {
                maxMessageBytes(admin, null);
            }
        }
    }

    /** Sets the dead-letter topic's largest record, or restores the broker's default when null. */
    private static void maxMessageBytes(Admin admin, String value) throws Exception {
        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, Topic.PROVIDER_INVENTORY.dlqName());
        ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value);
        AlterConfigOp op = new AlterConfigOp(entry, value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(dlq, List.of(op))).all().get();
    }
}
