package dev.proxyfleet.inventory.vps;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static dev.proxyfleet.inventory.Api.assertProblem;
import static dev.proxyfleet.inventory.Api.createProxy;
import static dev.proxyfleet.inventory.Api.proxyWith;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
class VpsResourceTest {

    @Test
    void createAnswers201WithLocationAndTheVpsIsListed() {
        String name = "vps-create-" + Api.unique();

        var created = post(Map.of("name", name, "environment", "prod", "address", "10.0.0.5", "notes", "rack 4"))
                .statusCode(201)
                .body("name", equalTo(name))
                .body("environment", equalTo("prod"))
                .body("address", equalTo("10.0.0.5"))
                .body("notes", equalTo("rack 4"))
                .body("proxyCount", equalTo(0))
                .extract();
        long id = created.jsonPath().getLong("id");

        assertThat(created.header("Location")).endsWith("/api/vps/" + id);
        given().get(created.header("Location")).then().statusCode(200).body("name", equalTo(name));
        given().get("/api/vps").then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void putReplacesTheVps() {
        long id = Api.createVps("vps-replace-" + Api.unique());
        String name = "vps-replaced-" + Api.unique();

        put(id, Map.of("name", name, "environment", "staging")).statusCode(200)
                .body("id", equalTo((int) id))
                .body("name", equalTo(name))
                .body("environment", equalTo("staging"))
                .body("address", nullValue());
        given().get("/api/vps/{id}", id).then().body("name", equalTo(name));
    }

    @Test
    void deleteAnswers204AndTheVpsIsGone() {
        Api.assertDeletedAndGone("/api/vps/{id}", Api.createVps("vps-delete-" + Api.unique()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void answers404ProblemForUnknownVps(String method) {
        Api.assertNotFound(method, "/api/vps/{id}", Map.of("name", "vps-nobody-" + Api.unique()));
    }

    @Test
    void rejectsDuplicateNameIgnoringCaseNamingTheExistingVps() {
        String name = "vps-unique-" + Api.unique();
        long id = Api.createVps(name);

        assertProblem(post(Map.of("name", name.toUpperCase())), 409).body("existingId", equalTo((int) id));
    }

    @Test
    void rejectsRenamingOntoAnotherVpsName() {
        String taken = "vps-taken-" + Api.unique();
        long owner = Api.createVps(taken);
        long other = Api.createVps("vps-other-" + Api.unique());

        assertProblem(put(other, Map.of("name", taken)), 409).body("existingId", equalTo((int) owner));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsBlankName(String name) {
        assertFieldError(post(Map.of("name", name)), "name");
    }

    @Test
    void rejectsMissingName() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", null);
        body.put("environment", "prod");

        assertFieldError(post(body), "name");
    }

    // ---- proxies that name a VPS -----------------------------------------------------------------------------

    @Test
    void proxyNamingAVpsShowsInTheProxyAndInTheVpsProxyCount() {
        long vps = Api.createVps("vps-used-" + Api.unique());

        long proxy = createProxy(proxyWith("vpsId", vps));

        given().get("/api/proxies/{id}", proxy).then().statusCode(200).body("vpsId", equalTo((int) vps));
        given().get("/api/vps/{id}", vps).then().statusCode(200).body("proxyCount", equalTo(1));
    }

    @Test
    void deletingAVpsNamedByAProxyIsRefusedUntilTheProxyLetsGo() {
        long vps = Api.createVps("vps-held-" + Api.unique());
        long proxy = createProxy(proxyWith("vpsId", vps));

        assertProblem(given().delete("/api/vps/{id}", vps).then(), 409);
        given().get("/api/vps/{id}", vps).then().statusCode(200);

        Map<String, Object> release = new HashMap<>();
        release.put("vpsId", null);
        given().contentType(ContentType.JSON).body(release).patch("/api/proxies/{id}", proxy)
                .then().statusCode(200).body("vpsId", nullValue());
        given().get("/api/vps/{id}", vps).then().body("proxyCount", equalTo(0));
        given().delete("/api/vps/{id}", vps).then().statusCode(204);
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/vps").then();
    }

    private static ValidatableResponse put(long id, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/vps/{id}", id).then();
    }
}
