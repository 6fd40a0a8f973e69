package dev.proxyfleet.inventory.importing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.TopicReader;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ProxyImportTest {

    private static JsonPath importText(String body, String query) {
        return given().contentType("text/plain; charset=UTF-8").body(body)
                .post("/api/proxies/import" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> line(JsonPath report, int lineNumber) {
        return report.getMap("results.find { it.line == " + lineNumber + " }");
    }

    private static JsonPath proxy(long id) {
        return given().get("/api/proxies/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void importsEveryLineFormatAndReportsEachLineByNumber() {
        String h = "imp" + Api.unique() + ".example";
        String body = String.join("\r\n",
                "# fleet export",
                h + ":8001",
                h + ":8002:alice:pw-secret-imp1",
                "bob:pw-secret-imp2@" + h + ":8003",
                "socks5://carol:pw%3Asecret@" + h + ":1080",
                "",
                "https://" + h + ":8443",
                "socks5h://[2001:db8::" + Integer.toHexString(Api.unique() % 0x10000) + "]:1081",
                "not a proxy line",
                h + ":99999");

        JsonPath report = importText("\uFEFF" + body, "");

        assertThat(report.getInt("lines")).isEqualTo(8);
        assertThat(report.getInt("created")).isEqualTo(6);
        assertThat(report.getInt("invalid")).isEqualTo(2);
        assertThat(report.getBoolean("stored")).isTrue();
        assertThat(line(report, 2)).containsEntry("status", "created");
        assertThat(proxy(report.getLong("results.find { it.line == 3 }.id")).getString("username")).isEqualTo("alice");
        JsonPath socks = proxy(report.getLong("results.find { it.line == 5 }.id"));
        assertThat(socks.getString("protocol")).isEqualTo("SOCKS5");
        assertThat(socks.getBoolean("passwordSet")).isTrue();
        assertThat(proxy(report.getLong("results.find { it.line == 7 }.id")).getString("protocol")).isEqualTo("HTTPS");
        assertThat(proxy(report.getLong("results.find { it.line == 8 }.id")).getString("host")).startsWith("2001:db8::");
        assertThat(line(report, 9)).containsEntry("status", "invalid").containsEntry("reason", "unrecognised format");
        assertThat(line(report, 10)).containsEntry("status", "invalid");
        assertThat((String) line(report, 10).get("reason")).contains("port");
    }

    @Test
    void logsTheImportAndItsRejectedLinesUnderTheirCodesWithoutTheirText() {
        String h = "log" + Api.unique() + ".example";

        importText(h + ":8001:alice:pw-secret-imp-log\n" + "bob pw-secret-imp-log not a proxy line\n", "");

        // Imports of this class run one after the other: the last lines of each code are this one's.
        assertThat(last("PF-IMPORT-001")).isEqualTo("PF-IMPORT-001 import started: provider null, dry run false, atomic false");
        assertThat(last("PF-IMPORT-003")).isEqualTo("PF-IMPORT-003 import line rejected: line 2: unrecognised format");
        assertThat(last("PF-IMPORT-002"))
                .isEqualTo("PF-IMPORT-002 import finished: 2 lines, 1 created, 0 valid, 0 duplicates, 1 invalid");
        assertThat(TestLog.withCode("PF-IMPORT-003").toString()).doesNotContain("pw-secret", h);
    }

    private static String last(String code) {
        List<JsonNode> lines = TestLog.withCode(code);
        assertThat(lines).isNotEmpty();
        return lines.get(lines.size() - 1).path("message").asText();
    }

    @Test
    void reportsDuplicatesOfEarlierLinesAndOfExistingProxies() {
        String h = "dup" + Api.unique() + ".example";
        long existing = Api.createProxy(Map.of("host", h, "port", 7000, "protocol", "HTTP"));

        JsonPath report = importText(h + ":7000\n" + h + ":7001\n" + h.toUpperCase() + ":7001\n", "");

        assertThat(line(report, 1)).containsEntry("status", "duplicate").containsEntry("id", (int) existing);
        assertThat(line(report, 2)).containsEntry("status", "created");
        assertThat(line(report, 3)).containsEntry("status", "duplicate").containsEntry("duplicateOfLine", 2);
        assertThat(report.getInt("duplicates")).isEqualTo(2);
    }

    @Test
    void readsCsvWithHeaderAndResolvesProvidersByName() {
        String provider = "Csv Provider " + Api.unique();
        long providerId = Api.createProvider(provider);
        String h = "csv" + Api.unique() + ".example";
        String csv = "host,port,username,password,protocol,location,labels,provider\n"
                + h + ",9001,u1,pw-secret-csv,socks5,DE-Berlin,eu;fast,\"" + provider + "\"\n"
                + h + ",9002,,,http,,,No Such Provider\n";

        JsonPath report = given().contentType("text/csv").body(csv).post("/api/proxies/import")
                .then().statusCode(200).extract().jsonPath();

        JsonPath created = proxy(report.getLong("results.find { it.line == 2 }.id"));
        assertThat(created.getLong("providerId")).isEqualTo(providerId);
        assertThat(created.getString("location")).isEqualTo("DE-Berlin");
        assertThat(created.getList("labels")).containsExactly("eu", "fast");
        assertThat(created.getString("protocol")).isEqualTo("SOCKS5");
        assertThat(line(report, 3)).containsEntry("status", "invalid")
                .containsEntry("reason", "provider 'No Such Provider' does not exist");
    }

    @Test
    void appliesQueryOptionsToEveryLine() {
        long providerId = Api.createProvider("Options Co " + Api.unique());
        String h = "opt" + Api.unique() + ".example";

        JsonPath report = importText(h + ":1\nhttp://" + h + ":2\n",
                "?providerId=" + providerId + "&protocol=SOCKS5&labels=bulk,night&maxAccounts=5");

        JsonPath first = proxy(report.getLong("results.find { it.line == 1 }.id"));
        assertThat(first.getString("protocol")).isEqualTo("SOCKS5");
        assertThat(first.getLong("providerId")).isEqualTo(providerId);
        assertThat(first.getList("labels")).containsExactly("bulk", "night");
        assertThat(first.getInt("maxAccounts")).isEqualTo(5);
        assertThat(proxy(report.getLong("results.find { it.line == 2 }.id")).getString("protocol"))
                .as("the line's scheme wins over the option").isEqualTo("HTTP");
    }

    @Test
    void dryRunStoresNothingAndPreviewsEveryLine() {
        String h = "dry" + Api.unique() + ".example";

        JsonPath report = importText(h + ":1\n" + h + ":2:u:pw-secret-dry\nbad line\n", "?dryRun=true");

        assertThat(report.getBoolean("dryRun")).isTrue();
        assertThat(report.getBoolean("stored")).isFalse();
        assertThat(report.getInt("valid")).isEqualTo(2);
        assertThat(report.getInt("invalid")).isEqualTo(1);
        given().get("/api/proxies?q=" + h).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void atomicImportStoresNothingWhenOneLineIsBad() {
        String h = "atom" + Api.unique() + ".example";

        JsonPath failed = importText(h + ":1\n" + h + ":2\n" + h + ":0\n", "?atomic=true");

        assertThat(failed.getBoolean("stored")).isFalse();
        assertThat(failed.getInt("valid")).isEqualTo(2);
        assertThat(failed.getInt("created")).isZero();
        given().get("/api/proxies?q=" + h).then().statusCode(200).body("total", equalTo(0));

        JsonPath clean = importText(h + ":1\n" + h + ":2\n", "?atomic=true");
        assertThat(clean.getBoolean("stored")).isTrue();
        assertThat(clean.getInt("created")).isEqualTo(2);
        given().get("/api/proxies?q=" + h).then().statusCode(200).body("total", equalTo(2));
    }

    @Test
    void rejectsBodiesOverTenMebibytes() throws Exception {
        String line = "big" + Api.unique() + ".example:8080\n";
        String body = line.repeat(10 * 1024 * 1024 / line.length() + 1);
        // Expect: 100-continue lets the server refuse before the body is sent, as curl does for large uploads.
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/proxies/import"))
                .header("Content-Type", "text/plain").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void rejectsJsonBodyForImport() {
        given().contentType("application/json").body("[]").post("/api/proxies/import").then().statusCode(415);
    }

    @Test
    void importsOneHundredThousandLinesAndPublishesAnEventForEach() {
        int count = 100_000;
        String prefix = "k" + Api.unique() + "-";
        StringBuilder body = new StringBuilder(count * 40);
        for (int i = 0; i < count; i++) {
            body.append(prefix).append(i / 60000).append(".bulk.example:").append(1 + i % 60000)
                    .append(":user:pw-secret-bulk-").append(i).append('\n');
        }
        try (TopicReader topic = new TopicReader(Topic.PROXY_INVENTORY.topicName())) {
            JsonPath report = importText(body.toString(), "");

            assertThat(report.getInt("created")).isEqualTo(count);
            Set<String> ids = new HashSet<>();
            report.getList("results.id", Long.class).forEach(id -> ids.add(id.toString()));
            assertThat(ids).hasSize(count);
            List<?> events = topic.await(r -> ids.contains(r.key()), count, Duration.ofSeconds(120));
            assertThat(events).hasSize(count);
        }
    }
}
