package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
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
 * Exit IPs on the whole fleet as {@code ./run.sh} starts it, with the exit-IP check pointed at an echo target of this
 * test: three real proxies, two leaving through 127.0.0.2 and one through 127.0.0.3, added over REST. The console's
 * proxy detail shows each proxy's exit IP and warns of the two that share one, naming the other, the proxy list marks
 * both as shared, and status-service lists that pair as duplicates.
 */
class ExitIpIT {

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
        fleet = RunningFleet.start(Map.of("HEALTH_EXIT_IP_URL", echo.url()));
        dashboard = Dashboard.open(chromium, chromedriver, fleet.statusUrl() + "/");
        dashboard.useToken(fleet.adminToken);
    }

    @AfterAll
    static void stopAll() {
        TestParts.closeAll(dashboard, fleet, echo, loopback);
    }

    @Test
    void theDetailShowsEachProxysExitIpAndWarnsOfASharedOneWhichTheApiListsAsDuplicates() throws IOException {
        int first = loopback.openHttp(null, "127.0.0.2");
        int second = loopback.openHttp(null, "127.0.0.2");
        int alone = loopback.openHttp(null, "127.0.0.3");
        long firstId = addProxy(first);
        long secondId = addProxy(second);
        addProxy(alone);

        dashboard.go("dashboard");
        openDetail(first);
        // each new proxy is probed at once, and its first working probe is followed by its first exit-IP check
        dashboard.awaitText(exitIp(), "shared exit IP with 127.0.0.1:" + second);
        assertThat(dashboard.text(exitIp())).startsWith("127.0.0.2 since ");
        dashboard.screenshot("exit-ip-1-shared");

        dashboard.go("dashboard");
        openDetail(alone);
        dashboard.awaitText(exitIp(), "127.0.0.3 since ");
        assertThat(dashboard.text(exitIp())).doesNotContain("shared");

        dashboard.go("list");
        dashboard.awaitText(listedExitIp(first), "127.0.0.2 shared");
        dashboard.awaitText(listedExitIp(second), "127.0.0.2 shared");
        assertThat(dashboard.text(listedExitIp(alone))).isEqualTo("127.0.0.3");
        dashboard.screenshot("exit-ip-2-list");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath duplicates = RestAssured.given().auth().oauth2(fleet.adminToken)
                    .get(fleet.statusUrl() + "/api/proxies/duplicates-by-exit-ip").then().statusCode(200).extract().jsonPath();
            assertThat(duplicates.getList("exitIp")).containsExactly("127.0.0.2");
            assertThat(duplicates.getList("[0].proxies.id", Long.class)).containsExactly(firstId, secondId);
        });
        assertThat(dashboard.sameDocument()).isTrue();
    }

    /** Adds an HTTP proxy on this loopback port over REST, as an operator's script does; answers its id. */
    private static long addProxy(int port) {
        return RestAssured.given().auth().oauth2(fleet.adminToken).contentType(ContentType.JSON)
                .body(Map.of("host", "127.0.0.1", "port", port, "protocol", "HTTP", "labels", List.of("exit-ip")))
                .post(fleet.inventoryUrl() + "/api/proxies").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void openDetail(int port) {
        dashboard.press("Details 127.0.0.1:" + port);
        dashboard.awaitText(By.id("detail-title"), "Proxy 127.0.0.1:" + port);
    }

    /** The proxy list's Exit IP cell (the 19th column) of the proxy on this loopback port. */
    private static By listedExitIp(int port) {
        return By.xpath("//table[@id='proxy-list']/tbody/tr[td[2][.='127.0.0.1:" + port + "']]/td[19]");
    }

    private static By exitIp() {
        return By.cssSelector("#detail-facts dd[data-fact='Exit IP']");
    }
}
