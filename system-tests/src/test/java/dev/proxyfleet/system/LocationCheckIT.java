package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.TinyGeoIpDatabase;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The location check on the whole fleet as {@code ./run.sh} starts it, given a GeoIP database of this test (127.0.0.2
 * is in DE, 127.0.0.3 in US) and the exit-IP check pointed at an echo target: two real proxies located in Germany, one
 * leaving through 127.0.0.2 and one through 127.0.0.3, added over REST. The proxy list flags the second, its detail
 * says it leaves through another country, the first's that it leaves where its location says, and status-service lists
 * only the second among the mismatches.
 */
class LocationCheckIT {

    private static LoopbackProxies loopback;
    private static EchoTarget echo;
    private static RunningFleet fleet;
    private static Dashboard dashboard;

    @BeforeAll
    static void startFleetAndBrowser() throws IOException {
        Path chromium = TestParts.program("chromium", "chromium");
        Path chromedriver = TestParts.program("chromedriver", "chromium-driver");
        loopback = new LoopbackProxies();
        echo = new EchoTarget();
        Path database = TinyGeoIpDatabase.write(Files.createDirectories(Path.of("target")).toAbsolutePath()
                .resolve("location-check-it.mmdb"), "GeoLite2-Country", Map.of("127.0.0.2/32", "DE", "127.0.0.3/32", "US"));
        fleet = RunningFleet.start(Map.of("HEALTH_EXIT_IP_URL", echo.url(), "STATUS_GEOIP_DATABASE", database.toString()));
        dashboard = Dashboard.open(chromium, chromedriver, fleet.statusUrl() + "/");
        dashboard.useToken(fleet.adminToken);
    }

    @AfterAll
    static void stopAll() {
        TestParts.closeAll(dashboard, fleet, echo, loopback);
    }

    @Test
    void theListAndTheDetailFlagAProxyLeavingThroughAnotherCountryThanItsLocationWhichTheApiLists() throws IOException {
        int home = loopback.openHttp(null, "127.0.0.2");
        int abroad = loopback.openHttp(null, "127.0.0.3");
        addProxy(home, "DE-Frankfurt");
        long abroadId = addProxy(abroad, "de-Berlin");

        dashboard.go("list");
        // each new proxy is probed at once, and its first working probe is followed by its first exit-IP check
        dashboard.awaitText(listedLocation(abroad), "de-Berlin mismatch");
        assertThat(dashboard.text(listedLocation(home))).isEqualTo("DE-Frankfurt");
        dashboard.screenshot("location-check-1-list");

        dashboard.go("dashboard");
        openDetail(abroad);
        dashboard.awaitText(exitCountry(), "US: location mismatch");
        dashboard.screenshot("location-check-2-detail");
        dashboard.go("dashboard");
        openDetail(home);
        dashboard.awaitText(exitCountry(), "DE, as the location says");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RestAssured.given()
                .auth().oauth2(fleet.adminToken).get(fleet.statusUrl() + "/api/proxies/location-mismatches").then()
                .statusCode(200).extract().jsonPath().getList("id", Long.class)).containsExactly(abroadId));
        assertThat(dashboard.sameDocument()).isTrue();
    }

    /** Adds an HTTP proxy on this loopback port in this location over REST; answers its id. */
    private static long addProxy(int port, String location) {
        return RestAssured.given().auth().oauth2(fleet.adminToken).contentType(ContentType.JSON)
                .body(Map.of("host", "127.0.0.1", "port", port, "protocol", "HTTP", "location", location,
                        "labels", List.of("location-check")))
                .post(fleet.inventoryUrl() + "/api/proxies").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void openDetail(int port) {
        dashboard.press("Details 127.0.0.1:" + port);
        dashboard.awaitText(By.id("detail-title"), "Proxy 127.0.0.1:" + port);
    }

    /** The proxy list's Location cell (the 15th column) of the proxy on this loopback port. */
    private static By listedLocation(int port) {
        return By.xpath("//table[@id='proxy-list']/tbody/tr[td[2][.='127.0.0.1:" + port + "']]/td[15]");
    }

    private static By exitCountry() {
        return By.cssSelector("#detail-facts dd[data-fact='Exit country']");
    }
}
