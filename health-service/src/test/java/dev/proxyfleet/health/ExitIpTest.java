package dev.proxyfleet.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import dev.proxyfleet.localinfra.loopback.Login;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exit IPs read through real proxies that leave through different loopback addresses (127.0.0.2, 127.0.0.3), from a
 * local echo target: each proxy's exit IP and since when are recorded and published, a change is seen with its time,
 * and an echo that answers no address leaves a healthy proxy healthy and its exit IP as it was.
 */
@QuarkusTest
@TestProfile(ExitIpTest.EchoEveryProbe.class)
@WithTestResource(HealthTestResource.class)
class ExitIpTest {

    /** The exit-IP check on, reading a JSON answer, after every working probe. */
    public static class EchoEveryProbe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("health.exit-ip-url", ExitIpEcho.url("json"), "health.exit-ip-format", "json:ip",
                    "health.exit-ip-interval", "0s");
        }
    }

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-exit-ip";
    private static final Login LOGIN = new Login(Inventory.USER, PASSWORD);
    private static LoopbackProxies loopback;

    @Inject
    CredentialCipher cipher;

    @BeforeAll
    static void open() {
        loopback = new LoopbackProxies();
    }

    @AfterAll
    static void close() {
        loopback.close();
    }

    @Test
    void recordsEachProxysExitIpAndWhenItChanged() {
        int viaTwo = loopback.openHttp(LOGIN, "127.0.0.2");
        int viaThree = loopback.openHttp(LOGIN, "127.0.0.3");
        try (HealthEvents events = new HealthEvents(); TopicReader states = new TopicReader(Topic.PROXY_HEALTH_STATE.topicName())) {
            ProxyData first = proxy(Inventory.nextId(), viaTwo);
            ProxyData second = proxy(Inventory.nextId(), viaThree);
            TestEvents.publish(EventType.PROXY_CREATED, first);
            TestEvents.publish(EventType.PROXY_CREATED, second);

            HealthData firstRead = events.awaitProbe(first.id(), probe -> probe.exitIp() != null);
            assertThat(firstRead.exitIp()).isEqualTo("127.0.0.2");
            assertThat(firstRead.exitIpChangedAt()).as("first seen then").isEqualTo(firstRead.at());
            assertThat(events.awaitProbe(second.id(), probe -> probe.exitIp() != null).exitIp()).isEqualTo("127.0.0.3");

            // The upstream now sends the first proxy's traffic out through the other address.
            Instant moved = Instant.now();
            TestEvents.publish(EventType.PROXY_UPDATED, proxy(first.id(), viaThree));
            HealthData changed = events.awaitProbe(first.id(), probe -> "127.0.0.3".equals(probe.exitIp()));
            assertThat(changed.exitIpChangedAt()).isAfter(moved).isEqualTo(changed.at());
            assertThat(changed.to()).isEqualTo(HealthState.HEALTHY);
            HealthData later = events.awaitProbe(first.id(), probe -> probe.at().isAfter(changed.at()));
            assertThat(later).extracting(HealthData::exitIp, HealthData::exitIpChangedAt)
                    .containsExactly("127.0.0.3", changed.exitIpChangedAt());

            HealthStateData state = state(states.await(record -> first.key().equals(record.key())
                    && "127.0.0.3".equals(state(record).exitIp()), 1, Duration.ofSeconds(30)).get(0));
            assertThat(state.exitIpChangedAt()).as("published at the change").isEqualTo(changed.exitIpChangedAt());
            JsonPath view = given().get("/api/health/proxies/" + first.id()).then().statusCode(200).extract().jsonPath();
            assertThat(view.getString("exitIp")).isEqualTo("127.0.0.3");
            assertThat(Instant.parse(view.getString("exitIpChangedAt"))).isEqualTo(changed.exitIpChangedAt());

            Inventory.delete(first);
            Inventory.delete(second);
        }
    }

    @Test
    void anEchoThatAnswersNoAddressLeavesAHealthyProxyHealthyAndItsExitIpAsItWas() {
        ProxyData proxy = proxy(Inventory.nextId(), loopback.openHttp(LOGIN, "127.0.0.2"));
        try (HealthEvents events = new HealthEvents()) {
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            HealthData read = events.awaitProbe(proxy.id(), probe -> probe.exitIp() != null);

            int servedBefore = ExitIpEcho.garbageServed();
            ExitIpEcho.answerGarbage(true);
            try {
                Instant garbled = Instant.now();
                int seen = events.probes(proxy.id()).size();
                List<HealthData> afterwards = events.awaitProbes(proxy.id(), seen + 5).stream()
                        .filter(probe -> probe.at().isAfter(garbled)).toList();

                assertThat(ExitIpEcho.garbageServed()).as("answers without an address").isGreaterThan(servedBefore);
                assertThat(afterwards).hasSizeGreaterThanOrEqualTo(4).allSatisfy(probe -> {
                    assertThat(probe.to()).isEqualTo(HealthState.HEALTHY);
                    assertThat(probe.exitIp()).isEqualTo("127.0.0.2");
                    assertThat(probe.exitIpChangedAt()).isEqualTo(read.exitIpChangedAt());
                });
            } finally {
                ExitIpEcho.answerGarbage(false);
            }
            Inventory.delete(proxy);
        }
    }

    private ProxyData proxy(long id, int port) {
        return Inventory.proxy(id, Inventory.HOST, port, PASSWORD, cipher);
    }

    private static HealthStateData state(ConsumerRecord<String, byte[]> record) {
        return (HealthStateData) CloudEvent.fromKafka(record.headers(), record.value()).data();
    }
}
