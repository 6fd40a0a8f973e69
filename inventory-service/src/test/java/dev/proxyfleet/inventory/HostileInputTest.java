package dev.proxyfleet.inventory;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static dev.proxyfleet.inventory.Api.assertProblem;
import static dev.proxyfleet.inventory.Api.proxyWith;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input that PostgreSQL or Java cannot hold (a NUL, a number beyond a long, bytes that are not UTF-8) is a field
 * error of the request, answered 400 before anything reaches the database, never a 500.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class HostileInputTest {

    private static final String NUL = "\u0000";
    private static final BigInteger TWENTY_DIGITS = new BigInteger("12345678901234567890");

    @ParameterizedTest
    @ValueSource(strings = {"host", "username", "password", "location", "notes"})
    void refusesNulInAnyProxyTextOnCreateAndReplace(String field) {
        Map<String, Object> body = proxyWith(field, field.equals("password") ? "pw-secret-nul" + NUL : "a" + NUL + "b");
        long id = Api.createProxy(proxyWith());

        assertFieldError(post("/api/proxies", body), field).body(not(containsString("pw-secret-nul")));
        assertFieldError(put("/api/proxies/" + id, body), field).body(not(containsString("pw-secret-nul")));
    }

    static Stream<Arguments> otherControlCharacters() {
        return Stream.of(
                Arguments.of("location", "DE\u001bBerlin", "location"),
                Arguments.of("username", "user\nname", "username"),
                Arguments.of("password", "pw-secret-cr\r", "password"),
                Arguments.of("labels", List.of("a\tb"), "labels[0]"));
    }

    /** Tabs and line breaks in one-line fields are corruption (a shifted CSV cell, a pasted block), not data. */
    @ParameterizedTest(name = "{2}")
    @MethodSource("otherControlCharacters")
    void refusesOtherControlCharactersInSingleLineProxyFields(String field, Object value, String errorField) {
        assertFieldError(post("/api/proxies", proxyWith(field, value)), errorField);
    }

    @Test
    void keepsLineBreaksAndTabsInNotes() {
        long id = Api.createProxy(proxyWith("notes", "line one\n\tline two"));

        given().get("/api/proxies/{id}", id).then().statusCode(200).body("notes", containsString("\n\tline two"));
    }

    static Stream<Arguments> patchedFields() {
        return Stream.of(
                Arguments.of("location", "a" + NUL + "b", "location"),
                Arguments.of("notes", "a" + NUL + "b", "notes"),
                Arguments.of("labels", List.of("ok", "x" + NUL), "labels[1]"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("patchedFields")
    void refusesNulInPatchedProxyFields(String field, Object value, String errorField) {
        long id = Api.createProxy(proxyWith());

        assertFieldError(patch("/api/proxies/" + id, Map.of(field, value)), errorField);
    }

    @ParameterizedTest
    @ValueSource(strings = {"q", "location", "label"})
    void refusesNulInListFilters(String filter) {
        assertFieldError(given().queryParam(filter, "a" + NUL).get("/api/proxies").then(), filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"providerId", "vpsId", "port", "priority", "maxAccounts"})
    void answersNumberBeyondItsTypeAsFieldErrorOnCreate(String field) {
        assertFieldError(post("/api/proxies", proxyWith(field, TWENTY_DIGITS)), field);
    }

    @Test
    void answersProviderIdBeyondALongAsFieldErrorOnPatch() {
        long id = Api.createProxy(proxyWith());

        assertFieldError(patch("/api/proxies/" + id, Map.of("providerId", TWENTY_DIGITS)), "providerId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "contactEmail"})
    void refusesNulInProviderFields(String field) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Nul Co " + Api.unique(), "serviceType", "datacenter"));
        body.put(field, "a" + NUL + "b@example.com");
        long id = Api.createProvider("Nul Target " + Api.unique());

        assertFieldError(post("/api/providers", body), field);
        assertFieldError(put("/api/providers/" + id, body), field);
        assertFieldError(patch("/api/providers/" + id, Map.of(field, body.get(field))), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "environment", "address", "notes"})
    void refusesNulInVpsFields(String field) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "vps-nul-" + Api.unique()));
        body.put(field, "a" + NUL + "b");
        long id = Api.createVps("vps-target-" + Api.unique());

        assertFieldError(post("/api/vps", body), field);
        assertFieldError(put("/api/vps/" + id, body), field);
    }

    @Test
    void refusesJsonBodyThatIsNotUtf8() {
        byte[] body = ("{\"host\":\"" + Api.uniqueHost() + "\",\"port\":1,\"protocol\":\"HTTP\",\"username\":\"u\","
                + "\"password\":\"pw-secret-latin1-\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);

        assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/proxies").then(), 400)
                .body(not(containsString("pw-secret-latin1")));
    }

    private static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static ValidatableResponse put(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).put(path).then();
    }

    private static ValidatableResponse patch(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).patch(path).then();
    }
}
