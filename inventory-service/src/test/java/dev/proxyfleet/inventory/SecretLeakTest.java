package dev.proxyfleet.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every test in this module uses passwords and API key secrets that start with {@value #MARKER}. Running after all of them (see
 * {@code quarkus.test.class-orderer} in application.properties), this audit looks for that marker wherever a secret
 * could leak: API responses (the audit trail's too), every database column, every record on the inventory topics, and every log line written
 * during the tests.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@Order(Integer.MAX_VALUE)
class SecretLeakTest {

    static final String MARKER = "pw-secret-";

    @Test
    void noPasswordInAnyResponse() {
        long id = Api.createProxy(Api.proxyBody(MARKER + "response"));
        long key = Api.createKey(id, "leak-pool", MARKER + "key-response");
        given().contentType("text/plain").body("10.9.9.9:81:user:" + MARKER + "bad-port-line:x\nh:0:u:" + MARKER + "p")
                .post("/api/proxies/import").then().statusCode(200);

        for (String path : List.of("/api/proxies?size=500", "/api/proxies/" + id, "/api/providers", "/api/vps",
                "/api/proxies/" + id + "/keys", "/api/proxies/" + id + "/keys/" + key, "/api/keys", "/api/audit?size=500")) {
            assertThat(given().get(path).then().statusCode(200).extract().asString()).as(path).doesNotContain(MARKER);
        }
    }

    @Test
    void noPasswordInAnyDatabaseColumn() throws Exception {
        Api.createKey(Api.createProxy(Api.proxyBody(MARKER + "database")), "leak-pool", MARKER + "key-database");
        List<String> rows = new ArrayList<>();
        for (String table : List.of("proxy", "provider", "vps", "api_key", "outbox", "audit_entry")) {
            rows.addAll(Database.queryStrings("SELECT t::text FROM " + table + " t"));
        }
        rows.addAll(Database.queryStrings("SELECT convert_from(payload, 'UTF8') FROM outbox WHERE payload IS NOT NULL"));

        assertThat(rows).isNotEmpty().noneMatch(row -> row.contains(MARKER));
        assertThat(Database.queryLong("SELECT count(*) FROM proxy WHERE password_ciphertext IS NOT NULL")).isPositive();
        assertThat(Database.queryLong("SELECT count(*) FROM api_key")).isPositive();
    }

    @ParameterizedTest
    @EnumSource(value = Topic.class, names = {"PROXY_INVENTORY", "API_KEYS"})
    void noPasswordInAnyEventOnKafka(Topic topic) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(topic.topicName());

        assertThat(records).isNotEmpty();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(text(record.value())).doesNotContain(MARKER);
            for (Header header : record.headers()) {
                assertThat(text(header.value())).doesNotContain(MARKER);
            }
        }
    }

    @Test
    void noPasswordInAnyLogLine() throws Exception {
        Path log = Path.of("target/test-logs/inventory-service.log");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);

        assertThat(lines).as("the test log must have content to be a meaningful check").hasSizeGreaterThan(10);
        assertThat(lines).noneMatch(line -> line.contains(MARKER));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
