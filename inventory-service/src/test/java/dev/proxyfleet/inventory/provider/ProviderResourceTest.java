package dev.proxyfleet.inventory.provider;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static dev.proxyfleet.inventory.Api.assertProblem;
import static dev.proxyfleet.inventory.Api.createProxy;
import static dev.proxyfleet.inventory.Api.proxyWith;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ProviderResourceTest {

    @Test
    void createAnswers201WithLocationAndDefaults() {
        String name = "Defaults Co " + Api.unique();

        var created = post(Map.of("name", name, "serviceType", "residential")).statusCode(201)
                .body("name", equalTo(name))
                .body("serviceType", equalTo("residential"))
                .body("currency", equalTo("USD"))
                .body("status", equalTo("active"))
                .body("version", equalTo(1))
                .body("proxyCount", equalTo(0))
                .body("enabledCount", equalTo(0))
                .extract();

        assertThat(decimal(created.jsonPath(), "monthlyCostPerProxy")).isEqualByComparingTo("0");
        long id = created.jsonPath().getLong("id");
        assertThat(created.header("Location")).endsWith("/api/providers/" + id);
        given().get(created.header("Location")).then().statusCode(200).body("name", equalTo(name));
    }

    @Test
    void putReplacesEveryFieldAndBumpsVersion() {
        long id = Api.createProvider("Replace Co " + Api.unique());
        String name = "Replaced Co " + Api.unique();
        Map<String, Object> replacement = Map.of("name", name, "serviceType", "mobile", "monthlyCostPerProxy", "4.25",
                "currency", "EUR", "contactEmail", "ops@replaced.example", "status", "inactive");

        JsonPath json = given().contentType(ContentType.JSON).body(replacement).put("/api/providers/{id}", id)
                .then().statusCode(200).extract().jsonPath();

        assertThat(json.getString("name")).isEqualTo(name);
        assertThat(json.getString("serviceType")).isEqualTo("mobile");
        assertThat(decimal(json, "monthlyCostPerProxy")).isEqualByComparingTo("4.25");
        assertThat(json.getString("currency")).isEqualTo("EUR");
        assertThat(json.getString("contactEmail")).isEqualTo("ops@replaced.example");
        assertThat(json.getString("status")).isEqualTo("inactive");
        assertThat(json.getInt("version")).isEqualTo(2);
    }

    @Test
    void patchChangesOnlyTheGivenFields() {
        String name = "Patch Co " + Api.unique();
        long id = Api.createProvider(name);

        patch(id, Map.of("status", "suspended", "contactEmail", "noc@patch.example")).statusCode(200)
                .body("status", equalTo("suspended"))
                .body("contactEmail", equalTo("noc@patch.example"))
                .body("name", equalTo(name))
                .body("serviceType", equalTo("datacenter"))
                .body("currency", equalTo("USD"))
                .body("version", equalTo(2));
    }

    @Test
    void patchRejectsInvalidValueNamingTheField() {
        long id = Api.createProvider("Bad Patch Co " + Api.unique());

        assertFieldError(patch(id, Map.of("currency", "usd")), "currency");
    }

    @Test
    void deleteAnswers204AndTheProviderIsGone() {
        Api.assertDeletedAndGone("/api/providers/{id}", Api.createProvider("Delete Co " + Api.unique()));
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/providers/{id}", "PUT, /api/providers/{id}", "PATCH, /api/providers/{id}",
            "DELETE, /api/providers/{id}", "GET, /api/providers/{id}/proxies"})
    void answers404ProblemForUnknownProvider(String method, String path) {
        Api.assertNotFound(method, path, Map.of("name", "Nobody " + Api.unique(), "serviceType", "isp"));
    }

    // ---- uniqueness and validation ---------------------------------------------------------------------------

    @Test
    void rejectsDuplicateNameIgnoringCaseNamingTheExistingProvider() {
        String name = "Unique Co " + Api.unique();
        long id = Api.createProvider(name);

        assertProblem(post(Map.of("name", name.toUpperCase(), "serviceType", "isp")), 409)
                .body("existingId", equalTo((int) id));
    }

    @Test
    void rejectsRenamingOntoAnotherProvidersName() {
        String taken = "Taken Co " + Api.unique();
        long owner = Api.createProvider(taken);
        long other = Api.createProvider("Other Co " + Api.unique());

        assertProblem(patch(other, Map.of("name", taken.toLowerCase())), 409).body("existingId", equalTo((int) owner));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @CsvSource({
            "name, ''",
            "name, '   '",
            "monthlyCostPerProxy, -0.01",
            "currency, usd",
            "currency, US",
            "currency, USDX",
            "contactEmail, not-an-email"})
    void rejectsInvalidFieldNamingIt(String field, String value) {
        assertFieldError(post(providerWith(field, value)), field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "-0.01, must not be negative",
            "1.12345, must have at most 8 digits before the decimal point and 4 after it",
            "123456789, must have at most 8 digits before the decimal point and 4 after it"})
    void costOutOfRangeSaysWhatIsAllowed(String cost, String message) {
        assertFieldError(post(providerWith("monthlyCostPerProxy", cost)), "monthlyCostPerProxy")
                .body("errors.find { it.field == 'monthlyCostPerProxy' }.message", equalTo(message));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @CsvSource({"serviceType, satellite", "status, closed", "monthlyCostPerProxy, cheap"})
    void rejectsUnknownEnumValueOrWrongTypeNamingTheField(String field, String value) {
        assertFieldError(post(providerWith(field, value)), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"active", "inactive", "suspended"})
    void acceptsEveryStatus(String status) {
        post(Map.of("name", "Status Co " + Api.unique(), "serviceType", "isp", "status", status))
                .statusCode(201).body("status", equalTo(status));
    }

    @ParameterizedTest
    @ValueSource(strings = {"residential", "datacenter", "mobile", "isp"})
    void acceptsEveryServiceType(String serviceType) {
        post(Map.of("name", "Type Co " + Api.unique(), "serviceType", serviceType))
                .statusCode(201).body("serviceType", equalTo(serviceType));
    }

    // ---- the provider's fleet --------------------------------------------------------------------------------

    @Test
    void listShowsProxyCountsAndMonthlyCostTotal() {
        long id = Api.createProvider("Fleet Co " + Api.unique());
        List<Long> proxies = createProxies(id, 3);
        given().contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/api/proxies/{id}", proxies.get(0)).then().statusCode(200);

        JsonPath list = given().get("/api/providers").then().statusCode(200).extract().jsonPath();
        String entry = "find { it.id == " + id + " }";

        assertThat(list.getInt(entry + ".proxyCount")).isEqualTo(3);
        assertThat(list.getInt(entry + ".enabledCount")).isEqualTo(2);
        assertThat(decimal(list, entry + ".monthlyCostTotal")).isEqualByComparingTo("7.50");
        given().get("/api/providers/{id}", id).then().statusCode(200)
                .body("proxyCount", equalTo(3)).body("enabledCount", equalTo(2));
    }

    @Test
    void deleteWithProxiesIsRefusedUnlessCascaded() {
        long id = Api.createProvider("Cascade Co " + Api.unique());
        List<Long> proxies = createProxies(id, 2);

        assertProblem(given().delete("/api/providers/{id}", id).then(), 409).body("detail", containsString("cascade"));
        given().get("/api/providers/{id}", id).then().statusCode(200).body("proxyCount", equalTo(2));

        given().delete("/api/providers/{id}?cascade=true", id).then().statusCode(204);
        given().get("/api/providers/{id}", id).then().statusCode(404);
        proxies.forEach(proxy -> given().get("/api/proxies/{id}", proxy).then().statusCode(404));
    }

    @Test
    void listsExactlyItsOwnProxiesPageByPage() {
        long id = Api.createProvider("Own Co " + Api.unique());
        List<Long> own = createProxies(id, 3);
        createProxies(Api.createProvider("Neighbour Co " + Api.unique()), 1);

        List<Long> seen = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            JsonPath json = given().queryParam("size", 2).queryParam("page", page)
                    .get("/api/providers/{id}/proxies", id).then().statusCode(200)
                    .body("total", equalTo(3)).extract().jsonPath();
            seen.addAll(json.getList("items.id", Long.class));
        }

        assertThat(seen).containsExactlyElementsOf(own);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static List<Long> createProxies(long providerId, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(createProxy(proxyWith("providerId", providerId)));
        }
        return ids;
    }

    private static Map<String, Object> providerWith(String field, Object value) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Invalid Co " + Api.unique(), "serviceType", "isp"));
        body.put(field, value);
        return body;
    }

    private static BigDecimal decimal(JsonPath json, String path) {
        return new BigDecimal(json.getString(path));
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/providers").then();
    }

    private static ValidatableResponse patch(long id, Map<String, Object> patch) {
        return given().contentType(ContentType.JSON).body(patch).patch("/api/providers/{id}", id).then();
    }
}
