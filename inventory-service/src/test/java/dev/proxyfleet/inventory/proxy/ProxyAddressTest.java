package dev.proxyfleet.inventory.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.inventory.Database;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hosts that would turn the fleet against its own network (link-local with the cloud metadata service, unspecified,
 * multicast) are refused on create, replace and import, each answer naming the refused range; the private ranges and
 * loopback where real fleets live stay allowed.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ProxyAddressTest {

    private static final Map<String, String> REFUSED = Map.of(
            "169.254.169.254", "must not be a cloud metadata address (169.254.0.0/16, refused by default)",
            "0.0.0.0", "must not be the unspecified address (0.0.0.0/8, refused by default)",
            "[ff02::1]", "must not be a multicast address (ff00::/8, refused by default)",
            "fe80::1", "must not be a link-local address (fe80::/10, refused by default)");

    @Test
    void createRefusesTheseHostsNamingTheRange() {
        REFUSED.forEach((host, message) -> Api.assertFieldError(given().contentType(ContentType.JSON)
                        .body(Api.proxyWith("host", host)).post("/api/proxies").then(), "host")
                .body("errors.find { it.field == 'host' }.message", equalTo(message)));
    }

    @Test
    void replaceRefusesThemToo() {
        long id = Api.createProxy(Api.proxyWith());

        Api.assertFieldError(given().contentType(ContentType.JSON).body(Api.proxyWith("host", "169.254.169.254"))
                .put("/api/proxies/{id}", id).then(), "host");
        given().get("/api/proxies/{id}", id).then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    void importReportsEachRefusedHostAsAnInvalidLine() {
        int port = 20_000 + Api.unique() % 20_000;
        JsonPath report = given().contentType("text/plain; charset=UTF-8")
                .body("169.254.169.254:" + port + "\n0.0.0.0:" + port + "\n[ff02::1]:" + port + "\n10.20.30.40:" + port + "\n")
                .post("/api/proxies/import").then().statusCode(200).extract().jsonPath();

        assertThat(report.getString("results.find { it.line == 1 }.reason"))
                .isEqualTo("host must not be a cloud metadata address (169.254.0.0/16, refused by default)");
        assertThat(report.getString("results.find { it.line == 2 }.reason"))
                .isEqualTo("host must not be the unspecified address (0.0.0.0/8, refused by default)");
        assertThat(report.getString("results.find { it.line == 3 }.status")).isEqualTo("invalid");
        assertThat(report.getString("results.find { it.line == 4 }.status")).isEqualTo("created");
    }

    @Test
    void privateRangesLoopbackAndHostNamesStayAllowed() {
        int port = 20_000 + Api.unique() % 20_000;
        for (String host : new String[] {"10.20.30.40", "192.168.7.7", "172.16.0.1", "127.0.0.1", "::1", "fd00::7",
                "metadata.google.internal"}) {
            given().contentType(ContentType.JSON).body(Api.proxyWith("host", host, "port", port))
                    .post("/api/proxies").then().statusCode(201);
        }
    }

    @Test
    void aProxyStoredBeforeItsRangeWasRefusedCanStillBeDisabled() throws Exception {
        long id = Database.queryLong("INSERT INTO proxy (host, port, protocol) VALUES ('169.254.1.1', ?, 'HTTP') RETURNING id",
                20_000 + Api.unique() % 20_000);

        given().contentType(ContentType.JSON).body(Map.of("enabled", false)).patch("/api/proxies/{id}", id)
                .then().statusCode(200).body("enabled", equalTo(false));
    }
}
