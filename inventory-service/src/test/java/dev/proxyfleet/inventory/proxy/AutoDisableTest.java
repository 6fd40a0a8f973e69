package dev.proxyfleet.inventory.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Auto-disable over real Kafka: a {@code proxy.health-changed} to failed on {@code proxy-health} disables the proxy
 * with the reason {@code auto-disabled} while the setting is on. Failures are published to one partition, so the
 * consumer applies them in order: a failure judged before the proxy's last change (an operator re-enabled it since)
 * is seen not to disable it, because a later failure on the same partition did disable its proxy; so is a fall during
 * the provider's outage.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AutoDisableTest {

    private static final int PARTITION = 0;

    @AfterEach
    void autoDisableBackToItsDefault() {
        Map<String, Object> reset = new HashMap<>();
        reset.put("autoDisable", null);
        settings(reset);
    }

    @Test
    void aFailedProxyIsDisabledWithItsReasonAndAnOlderFailureDoesNotDisableItAgainOnceReEnabled() {
        settings(Map.of("autoDisable", true));
        long proxy = Api.createProxy(Api.proxyWith());
        try (TopicReader inventory = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            failed(proxy, Instant.now());

            JsonPath disabled = awaitDisabled(proxy);
            assertThat(disabled.getString("disabledReason")).isEqualTo(ProxyService.AUTO_DISABLED);
            JsonPath audit = given().queryParam("entity", "proxy").queryParam("id", proxy).get("/api/audit")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(audit.getString("items[0].actor")).isEqualTo("system");
            assertThat(audit.getString("items[0].reason")).isEqualTo(ProxyService.AUTO_DISABLED);
            assertThat(audit.getString("items[0].changes.enabled.new")).isEqualTo("false");
            inventory.await(r -> r.value() != null && String.valueOf(proxy).equals(r.key())
                    && !data(r.headers(), r.value()).enabled(), 1, Duration.ofSeconds(30));
        }

        Instant beforeReEnable = Instant.now();
        JsonPath reEnabled = given().contentType(ContentType.JSON).body(Map.of("enabled", true))
                .patch("/api/proxies/" + proxy).then().statusCode(200).extract().jsonPath();
        assertThat(reEnabled.getString("disabledReason")).isNull();
        long witness = Api.createProxy(Api.proxyWith());
        failed(proxy, beforeReEnable); // redelivered, or judged before the operator's change
        failed(witness, Instant.now());

        awaitDisabled(witness);
        assertThat(proxy(proxy).getBoolean("enabled")).as("applied before the witness, and left enabled").isTrue();
    }

    @Test
    void aFallDuringItsProvidersOutageIsNotDisabled() {
        settings(Map.of("autoDisable", true));
        long proxy = Api.createProxy(Api.proxyWith());
        long witness = Api.createProxy(Api.proxyWith());
        publishFailed(proxy, Instant.now(), true);
        failed(witness, Instant.now());

        awaitDisabled(witness);
        assertThat(proxy(proxy).getBoolean("enabled")).as("applied before the witness, and left enabled").isTrue();
    }

    @Test
    void anOperatorsDisableHasNoReason() {
        long proxy = Api.createProxy(Api.proxyWith());
        JsonPath disabled = given().contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/api/proxies/" + proxy).then().statusCode(200).extract().jsonPath();
        assertThat(disabled.getBoolean("enabled")).isFalse();
        assertThat(disabled.getString("disabledReason")).isNull();
    }

    private static ProxyData data(org.apache.kafka.common.header.Headers headers, byte[] value) {
        return (ProxyData) CloudEvent.fromKafka(headers, value).data();
    }

    private static void failed(long proxyId, Instant at) {
        publishFailed(proxyId, at, false);
    }

    private static void publishFailed(long proxyId, Instant at, boolean providerOutage) {
        TestEvents.publish(EventType.PROXY_HEALTH_CHANGED, new HealthData(proxyId, HealthState.HEALTHY,
                HealthState.FAILED, null, 3, 0, "connection refused", at, providerOutage), PARTITION);
    }

    private static JsonPath awaitDisabled(long proxyId) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !(last[0] = proxy(proxyId)).getBoolean("enabled"));
        return last[0];
    }

    private static JsonPath proxy(long id) {
        return given().get("/api/proxies/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static void settings(Map<String, Object> patch) {
        given().contentType(ContentType.JSON).body(patch).patch("/api/settings").then().statusCode(200);
    }
}
