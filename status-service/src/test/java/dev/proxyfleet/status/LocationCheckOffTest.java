package dev.proxyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without a GeoIP database (the tests' default configuration) the location check is off and says so: no exit country,
 * no mismatch, and no list of mismatches that would read as "all fine".
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class LocationCheckOffTest {

    @Test
    void statusSaysTheCheckIsOffAndLocatesNoProxy() {
        String location = "DE-" + Events.nextId();
        Events.exitIp(Events.proxy(location, null), "127.0.0.2", Instant.now());

        Map<String, Object> proxy = Events.awaitStatus(location, s -> "127.0.0.2".equals(s.getString("proxies[0].exitIp")))
                .getMap("proxies[0]");
        assertThat(proxy).containsEntry("exitCountry", null).containsEntry("locationMismatch", null);
        assertThat(Events.status(Map.of()).getBoolean("locationCheck")).isFalse();
    }

    @Test
    void theMismatchesAreNotListedButRefusedSayingWhy() {
        given().get("/api/proxies/location-mismatches").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("location check is off"))
                .body("detail", containsString("status.geoip-database"));
    }
}
