package dev.proxyfleet.inventory.importing;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An import line the database could not hold (a NUL, a provider id beyond a long) is one invalid line, not a failed
 * import; a body that is not UTF-8 is refused whole, since its lines could only be read by guessing.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ImportHostileInputTest {

    private static final String NUL = "\u0000";

    private static ValidatableResponse importBody(String contentType, byte[] body, String query) {
        return given().contentType(contentType).body(body).post("/api/proxies/import" + query).then();
    }

    private static JsonPath importCsv(String csv) {
        return importBody("text/csv", csv.getBytes(StandardCharsets.UTF_8), "").statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> line(JsonPath report, int lineNumber) {
        return report.getMap("results.find { it.line == " + lineNumber + " }");
    }

    @Test
    void providerReferenceBeyondALongIsAnInvalidLine() {
        String h = "big" + Api.unique() + ".example";
        JsonPath report = importCsv("host,port,username,password,provider\n"
                + h + ",1,u,pw-secret-bigref,12345678901234567890\n"
                + h + ",2,u,pw-secret-bigref,\n");

        assertThat(line(report, 2)).containsEntry("status", "invalid")
                .containsEntry("reason", "provider '12345678901234567890' does not exist");
        assertThat(line(report, 3)).containsEntry("status", "created");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "username", "password", "location", "labels", "provider"})
    void nulInAnyCsvCellIsAnInvalidLineThatNamesTheColumn(String column) {
        String h = "nul" + Api.unique() + ".example";
        Map<String, String> cells = new HashMap<>(Map.of("host", h, "username", "u",
                "password", "pw-secret-nulcell", "location", "DE", "labels", "eu", "provider", ""));
        cells.put(column, cells.get(column) + NUL + "x");
        String row = String.join(",", cells.get("host"), "1", cells.get("username"), cells.get("password"),
                cells.get("location"), cells.get("labels"), cells.get("provider"));

        JsonPath report = importCsv("host,port,username,password,location,labels,provider\n" + row + "\n" + h + ",2,,,,,\n");

        assertThat(line(report, 2)).containsEntry("status", "invalid");
        assertThat((String) line(report, 2).get("reason")).contains(column).doesNotContain("pw-secret", NUL);
        assertThat(line(report, 3)).containsEntry("status", "created");
    }

    @Test
    void controlCharactersInPlainLinesAreInvalidLinesWithoutTheSecret() {
        String h = "ctl" + Api.unique() + ".example";
        String body = h + ":1:us" + NUL + "er:pw-secret-ctl1\n"
                + h + ":2:user:pw-secret-ctl2" + NUL + "\n"
                + h + ":3:user:pw-secret-ctl3\n";

        JsonPath report = importBody("text/plain", body.getBytes(StandardCharsets.UTF_8), "").statusCode(200)
                .body(not(containsString("pw-secret-ctl"))).extract().jsonPath();

        assertThat(line(report, 1)).containsEntry("status", "invalid")
                .containsEntry("reason", "username must not contain control characters");
        assertThat(line(report, 2)).containsEntry("status", "invalid")
                .containsEntry("reason", "password must not contain control characters");
        assertThat(line(report, 3)).containsEntry("status", "created");
    }

    @Test
    void providerIdOptionBeyondALongIsAFieldError() {
        assertFieldError(importBody("text/plain", "127.0.0.1:8080\n".getBytes(StandardCharsets.UTF_8),
                "?providerId=12345678901234567890"), "providerId");
    }

    @Test
    void labelsOptionWithAControlCharacterIsAFieldError() {
        assertFieldError(given().contentType("text/plain").body("127.0.0.1:8080\n").queryParam("labels", "eu,a" + NUL + "b")
                .post("/api/proxies/import").then(), "labels");
    }

    @Test
    void bodyThatIsNotUtf8IsRefusedWholeNamingLineAndByteOffset() {
        String h = "latin" + Api.unique() + ".example";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((h + ":1\n" + h + ":2:user:pw-secret-latin").getBytes(StandardCharsets.UTF_8));
        int offset = body.size();
        body.write(0xE9); // "é" in ISO-8859-1: in UTF-8 a lead byte whose continuation bytes are missing
        body.writeBytes(("\n" + h + ":3\n").getBytes(StandardCharsets.UTF_8));

        assertFieldError(importBody("text/plain", body.toByteArray(), ""), "body")
                .body("errors.message", hasItem(containsString("byte offset " + offset + " (line 2)")))
                .body(not(containsString("pw-secret-latin")));
        given().get("/api/proxies?q=" + h).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void csvBodyThatIsNotUtf8IsRefusedToo() {
        byte[] body = "host,port\n127.0.0.1,\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);

        assertFieldError(importBody("text/csv", body, "?dryRun=true"), "body");
    }
}
