package dev.proxyfleet.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ExitIpData;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exit IPs read through real proxies that leave through different loopback addresses (127.0.0.2, 127.0.0.3), from the
 * tests' echo target ({@link TargetServer}'s {@code /ip}, JSON): each proxy's exit IP and since when are recorded and
 * published, each change (the first address read included) as {@code proxy.exit-ip-changed}, a proxy pointed at another endpoint is checked again and its change seen with its time, and an echo that
 * answers no address leaves a healthy proxy healthy and its exit IP as it was.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class ExitIpTest {

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
            ExitIpData firstChange = events.awaitExitIpChange(first.id(), change -> true);
            assertThat(firstChange).extracting(ExitIpData::previousExitIp, ExitIpData::exitIp, ExitIpData::at)
                    .as("the first address read is announced too").containsExactly(null, "127.0.0.2", firstRead.at());

            // The first entry now leads to a proxy that leaves through the other address.
            Instant moved = Instant.now();
            TestEvents.publish(EventType.PROXY_UPDATED, proxy(first.id(), viaThree));
            HealthData changed = events.awaitProbe(first.id(), probe -> "127.0.0.3".equals(probe.exitIp()));
            assertThat(changed.exitIpChangedAt()).isAfter(moved).isEqualTo(changed.at());
            assertThat(changed.to()).isEqualTo(HealthState.HEALTHY);
            HealthData later = events.awaitProbe(first.id(), probe -> probe.at().isAfter(changed.at()));
            assertThat(later).extracting(HealthData::exitIp, HealthData::exitIpChangedAt)
                    .containsExactly("127.0.0.3", changed.exitIpChangedAt());
            assertThat(events.exitIpChanges(first.id())).as("announced at each change, not at each probe")
                    .extracting(ExitIpData::previousExitIp, ExitIpData::exitIp, ExitIpData::at)
                    .containsExactly(tuple(null, "127.0.0.2", firstRead.at()),
                            tuple("127.0.0.2", "127.0.0.3", changed.at()));

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

            int servedBefore = TargetServer.noAddressServed();
            TargetServer.answerNoAddress(true);
            try {
                // A probe on demand checks the exit IP whenever the last check was.
                JsonPath probed = given().post("/api/health/proxies/" + proxy.id() + "/probe").then().statusCode(200)
                        .extract().jsonPath();

                assertThat(TargetServer.noAddressServed()).as("answers without an address").isGreaterThan(servedBefore);
                assertThat(probed.getString("state")).isEqualTo("healthy");
                assertThat(probed.getString("exitIp")).isEqualTo("127.0.0.2");
                assertThat(Instant.parse(probed.getString("exitIpChangedAt"))).isEqualTo(read.exitIpChangedAt());
            } finally {
                TargetServer.answerNoAddress(false);
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
