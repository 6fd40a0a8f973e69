package dev.proxyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TinyGeoIpDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The location check with a GeoIP database configured (a tiny one the test writes: 127.0.0.2 is in DE, 127.0.0.3 in
 * US): each proxy's exit country and whether its location matches, in {@code /api/status} for viewers, and the
 * mismatches in {@code /api/proxies/location-mismatches}, following the exit IPs of the health events.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@TestProfile(LocationCheckOnTest.WithDatabase.class)
class LocationCheckOnTest {

    /** Configures the database the test writes. */
    public static class WithDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path database = TinyGeoIpDatabase.write(DATABASE, "GeoLite2-City", COUNTRIES);
            return Map.of("status.geoip-database", database.toString());
        }
    }

    private static final Path DATABASE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().resolve("target/location-check-on-test.mmdb");
    private static final Map<String, String> COUNTRIES = Map.of("127.0.0.2/32", "DE", "127.0.0.3/32", "US");

    /** A proxy of its own location, named by the prefix ({@code DE-} names Germany), leaving through exitIp. */
    private static String proxyAt(String prefix, String exitIp) {
        String location = prefix + Events.nextId();
        Events.exitIp(Events.proxy(location, null), exitIp, Instant.now());
        return location;
    }

    /** The proxy of the location once its exit IP arrived, as viewers see it. */
    private static Map<String, Object> located(String location, String exitIp) {
        return Events.awaitStatus(location, s -> exitIp.equals(s.getString("proxies[0].exitIp"))).getMap("proxies[0]");
    }

    private static List<String> mismatchedLocations() {
        return given().get("/api/proxies/location-mismatches").then().statusCode(200).extract().jsonPath()
                .getList("location");
    }

    @Test
    void eachProxyShowsItsExitCountryAndWhetherItsLocationNamesAnother() {
        String matching = proxyAt("de-", "127.0.0.2");
        String mismatched = proxyAt("US-", "127.0.0.2");
        String unnamed = proxyAt("loc-", "127.0.0.3");
        String unknownExit = proxyAt("FR-", "127.0.0.9");

        assertThat(located(matching, "127.0.0.2")).containsEntry("exitCountry", "DE")
                .containsEntry("locationMismatch", false);
        assertThat(located(mismatched, "127.0.0.2")).containsEntry("exitCountry", "DE")
                .containsEntry("locationMismatch", true);
        assertThat(located(unnamed, "127.0.0.3")).containsEntry("exitCountry", "US")
                .containsEntry("locationMismatch", null);
        assertThat(located(unknownExit, "127.0.0.9")).containsEntry("exitCountry", null)
                .containsEntry("locationMismatch", null);
        assertThat(Events.status(Map.of()).getBoolean("locationCheck")).isTrue();

        Map<String, Object> anonymous = given().header("Authorization", "none").queryParam("location", mismatched)
                .get("/api/status").then().statusCode(200).extract().jsonPath().getMap("proxies[0]");
        assertThat(anonymous).containsKey("health").doesNotContainKeys("exitCountry", "locationMismatch");
    }

    /** The operator's weekly update, moved into place: the proxies are located anew without an event or a restart. */
    @Test
    void aReplacedDatabaseLocatesEveryProxyAnew() throws IOException {
        String unknownYet = proxyAt("FR-", "127.0.0.4");
        assertThat(located(unknownYet, "127.0.0.4")).containsEntry("exitCountry", null);

        Map<String, String> updated = new HashMap<>(COUNTRIES);
        updated.put("127.0.0.4/32", "FR");
        Path update = TinyGeoIpDatabase.write(DATABASE.resolveSibling("location-check-on-test-update.mmdb"),
                "GeoLite2-City", updated);
        Files.move(update, DATABASE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(Events.awaitStatus(unknownYet, s -> "FR".equals(s.getString("proxies[0].exitCountry")))
                .getBoolean("proxies[0].locationMismatch")).isFalse();
    }

    @Test
    void listsTheMismatchedProxiesUntilOneLeavesThroughItsOwnCountry() {
        String mismatched = proxyAt("US-", "127.0.0.2");
        String matching = proxyAt("US-", "127.0.0.3");
        String unnamed = proxyAt("loc-", "127.0.0.2");
        long id = ((Number) located(mismatched, "127.0.0.2").get("id")).longValue();
        located(matching, "127.0.0.3");
        located(unnamed, "127.0.0.2");

        JsonPath listed = given().get("/api/proxies/location-mismatches").then().statusCode(200).extract().jsonPath();
        Map<String, Object> entry = listed.getMap("find { it.location == '" + mismatched + "' }");
        assertThat(entry).containsEntry("locationCountry", "US").containsEntry("exitIp", "127.0.0.2")
                .containsEntry("exitCountry", "DE").containsKey("host");
        assertThat(((Number) entry.get("id")).longValue()).isEqualTo(id);
        assertThat(mismatchedLocations()).doesNotContain(matching, unnamed);

        Events.exitIp(id, "127.0.0.3", Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !mismatchedLocations().contains(mismatched));
        assertThat(Events.awaitStatus(mismatched, s -> Objects.equals(s.get("proxies[0].exitCountry"), "US"))
                .getBoolean("proxies[0].locationMismatch")).isFalse();
    }
}
