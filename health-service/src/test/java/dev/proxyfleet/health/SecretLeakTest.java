package dev.proxyfleet.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every test password starts with {@value Inventory#SECRET_MARKER}. Running after all other test classes (see
 * {@code junit-platform.properties}), this audit looks for it wherever a secret could leak: API responses, every
 * database column, every record on {@code proxy-health}, and every log line written during the tests.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
@Order(Integer.MAX_VALUE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretLeakTest {

    @Inject
    CredentialCipher cipher;

    /**
     * Proxies probed with the right password and with a wrong one, over a forward request and over a CONNECT tunnel
     * with TLS, so every path is audited even when this class runs alone. They stay in the fleet (and fail once their
     * proxy is gone): more for the audit to read.
     */
    @BeforeAll
    void probeWithSecrets() {
        String password = Inventory.SECRET_MARKER + "-audit";
        try (LocalProxy http = LocalProxy.http(Inventory.USER, password);
                LocalProxy https = LocalProxy.https(Inventory.USER, password);
                HealthEvents events = new HealthEvents()) {
            for (LocalProxy local : List.of(http, https)) {
                ProxyData good = Inventory.proxy(Inventory.nextId(), local, password, true, cipher);
                ProxyData bad = Inventory.proxy(Inventory.nextId(), local, password + "-wrong", true, cipher);
                TestEvents.publish(EventType.PROXY_CREATED, good);
                TestEvents.publish(EventType.PROXY_CREATED, bad);
                events.awaitChangeTo(good.id(), HealthState.HEALTHY);
                events.awaitChangeTo(bad.id(), HealthState.FAILED);
            }
        }
    }

    @Test
    void noPasswordInAnyResponse() {
        String list = given().get("/api/health/proxies").then().statusCode(200).extract().asString();
        assertThat(list).contains("\"error\"").doesNotContain(Inventory.SECRET_MARKER);
        for (String id : given().get("/api/health/proxies").then().extract().jsonPath().getList("proxyId", String.class)) {
            assertThat(given().get("/api/health/proxies/" + id).then().extract().asString()).doesNotContain(Inventory.SECRET_MARKER);
        }
    }

    @Test
    void noPasswordInAnyDatabaseColumn() {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("proxy_health", "health_log", "outbox", "consumed_event")) {
            rows.addAll(Database.strings("SELECT t::text FROM " + table + " t"));
        }
        rows.addAll(Database.strings("SELECT convert_from(payload, 'UTF8') FROM outbox WHERE payload IS NOT NULL"));

        assertThat(rows).hasSizeGreaterThan(5).noneMatch(row -> row.contains(Inventory.SECRET_MARKER));
        assertThat(Database.number("SELECT count(*) FROM proxy_health WHERE password_ciphertext IS NOT NULL")).isPositive();
    }

    @Test
    void noPasswordInAnyEventOnKafka() {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(Topic.PROXY_HEALTH.topicName());

        assertThat(records).hasSizeGreaterThan(5);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(text(record.value())).doesNotContain(Inventory.SECRET_MARKER);
            for (Header header : record.headers()) {
                assertThat(text(header.value())).doesNotContain(Inventory.SECRET_MARKER);
            }
        }
    }

    @Test
    void noPasswordInAnyLogLine() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("target/test-logs/health-service.log"), StandardCharsets.UTF_8);

        assertThat(lines).as("the test log must have content to be a meaningful check").hasSizeGreaterThan(10)
                .anyMatch(line -> line.contains("proxy authentication failed"));
        assertThat(lines).noneMatch(line -> line.contains(Inventory.SECRET_MARKER));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
