package dev.proxyfleet.assignment.rest;

import static dev.proxyfleet.assignment.Fleet.proxyOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.proxyfleet.assignment.Fleet;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/exit-ips} and an operator's limit for an address, {@code PUT /api/exit-ips/{address}}. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ExitIpResourceTest {

    @AfterEach
    void rulesHold() {
        assertThat(Fleet.violations()).isZero();
    }

    private static ValidatableResponse limit(String token, String address, String body) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                .put("/api/exit-ips/{address}", address).then();
    }

    private static JsonPath shared() {
        return given().header("Authorization", "Bearer " + TestTokens.VIEWER).queryParam("shared", true)
                .get("/api/exit-ips").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aLowerLimitMovesTheAccountsBoundLastToOtherProxiesAndIsListed() {
        Fleet.emptyFleet();
        String address = Fleet.nextAddress();
        long[] pair = Fleet.createPairLeavingThroughOneAddress(address);
        long first = pair[0];
        long second = pair[1];
        String oldest = Fleet.arriveBound("model-limit-a");
        String middle = Fleet.arriveBound("model-limit-a");
        String newest = Fleet.arriveBound("model-limit-a");
        long elsewhere = Fleet.createProxy(3);

        limit(TestTokens.OPERATOR, address, "{\"maxAccounts\": 2}").statusCode(200)
                .body("address", equalTo(address))
                .body("accounts", equalTo(2))
                .body("maxAccounts", equalTo(2));

        assertThat(proxyOf(newest)).isEqualTo(elsewhere);
        assertThat(List.of(proxyOf(oldest), proxyOf(middle))).allSatisfy(proxy -> assertThat(proxy).isIn(first, second));
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + newest
                + "' AND action = 'reassigned' AND actor = 'test-operator'")).isOne();
        JsonPath listed = shared();
        int at = listed.getList("address").indexOf(address);
        assertThat(at).as("listed among the shared addresses").isNotNegative();
        assertThat(listed.getList("[" + at + "].proxyIds", Long.class)).containsExactly(first, second);
        assertThat(listed.getString("[" + at + "].modelId")).isEqualTo("model-limit-a");

        limit(TestTokens.OPERATOR, address, "{\"maxAccounts\": null}").statusCode(200)
                .body("maxAccounts", nullValue());
    }

    @Test
    void anAddressNoProxyLeavesThroughIsNotFoundAndNoAddressIsRefused() {
        limit(TestTokens.OPERATOR, Fleet.nextAddress(), "{\"maxAccounts\": 2}").statusCode(404)
                .body("detail", containsString("no proxy leaves through exit IP"));
        limit(TestTokens.OPERATOR, "proxy.example.com", "{\"maxAccounts\": 2}").statusCode(400)
                .body("detail", containsString("must be an IP address"));
        limit(TestTokens.OPERATOR, "127.0.0.9", "{\"maxAccounts\": 0}").statusCode(400);
    }

    @Test
    void aViewerReadsButSetsNoLimit() {
        given().header("Authorization", "Bearer " + TestTokens.VIEWER).get("/api/exit-ips").then().statusCode(200);
        limit(TestTokens.VIEWER, "127.0.0.9", "{\"maxAccounts\": 2}").statusCode(403);
    }
}
