package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.sun.net.httpserver.HttpServer;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
 * both as shared, status-service lists that pair as duplicates, and assignment-service holds it to one model and to
 * the limit an operator sets for the address in the detail.
 */
class ExitIpIT {

    private static LoopbackProxies loopback;
    private static HttpServer echo;
    private static RunningFleet fleet;
    private static Dashboard dashboard;

    @BeforeAll
    static void startFleetAndBrowser() throws IOException {
        Path chromium = TestParts.program("chromium", "chromium");
        Path chromedriver = TestParts.program("chromedriver", "chromium-driver");
        loopback = new LoopbackProxies();
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        echo.createContext("/", exchange -> {
            byte[] caller = exchange.getRemoteAddress().getAddress().getHostAddress().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, caller.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(caller);
            }
        });
        echo.start();
        fleet = RunningFleet.start(Map.of("HEALTH_EXIT_IP_URL", "http://127.0.0.1:" + echo.getAddress().getPort() + "/"));
        dashboard = Dashboard.open(chromium, chromedriver, fleet.statusUrl() + "/");
        dashboard.useToken(fleet.adminToken);
    }

    @AfterAll
    static void stopAll() {
        if (echo != null) {
            echo.stop(0);
        }
        TestParts.closeAll(dashboard, fleet, loopback);
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

        // assignment-service holds the pair to one model: a second one is refused on the other proxy, naming the address
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RestAssured.given()
                .auth().oauth2(fleet.adminToken).queryParam("shared", true).get(fleet.assignmentUrl() + "/api/exit-ips")
                .then().statusCode(200).extract().jsonPath().getList("[0].proxyIds", Long.class))
                .containsExactly(firstId, secondId));
        assign("exit-ip-a-1", "model-exit-a", firstId).statusCode(200);
        assign("exit-ip-b-1", "model-exit-b", secondId).statusCode(409).body("detail", containsString(
                "rule 2: proxy " + secondId + " leaves through exit IP 127.0.0.2, which model model-exit-a uses"));
        // by policy, a second model keeps off the pair: the only other proxy is the one of 127.0.0.3
        assertThat(assign("exit-ip-b-2", "model-exit-b", null).statusCode(200).extract().jsonPath().getLong("proxyId"))
                .isNotIn(firstId, secondId);

        // an operator limits the address to one account in the proxy's detail: the one bound last leaves it
        assign("exit-ip-a-2", "model-exit-a", secondId).statusCode(200);
        dashboard.go("dashboard");
        openDetail(first);
        dashboard.awaitText(By.id("detail-exit-ip-summary"),
                "127.0.0.2: 2 accounts of model-exit-a on 2 proxies, no limit of its own.");
        dashboard.type(By.id("detail-exit-ip-max"), "1");
        dashboard.click(By.cssSelector("#detail-exit-ip-form button[type='submit']"));
        dashboard.awaitText(By.id("detail-exit-ip-result"), "Saved: the proxies of 127.0.0.2 hold at most 1 account.");
        assertThat(dashboard.text(By.id("detail-exit-ip-summary")))
                .isEqualTo("127.0.0.2: 1 account of model-exit-a on 2 proxies, at most 1.");
        dashboard.screenshot("exit-ip-3-limit");
        JsonPath moved = RestAssured.given().auth().oauth2(fleet.adminToken)
                .get(fleet.assignmentUrl() + "/api/accounts/exit-ip-a-2/proxy").then().statusCode(200).extract().jsonPath();
        assertThat(moved.getString("status")).as("no other proxy takes model-exit-a: it waits").isEqualTo("pending");
        assertThat(RestAssured.given().auth().oauth2(fleet.adminToken).get(fleet.assignmentUrl()
                + "/api/accounts/exit-ip-a-1/proxy").then().statusCode(200).extract().jsonPath().getLong("proxyId"))
                .isEqualTo(firstId);
    }

    /** Binds a new account of the model by hand, to the proxy or (null) by policy, as an operator's script does. */
    private static ValidatableResponse assign(String accountId, String modelId, Long proxyId) {
        Map<String, Object> body = new HashMap<>(Map.of("accountId", accountId, "modelId", modelId));
        if (proxyId != null) {
            body.put("proxyId", proxyId);
        }
        return RestAssured.given().auth().oauth2(fleet.adminToken).contentType(ContentType.JSON).body(body)
                .post(fleet.assignmentUrl() + "/api/assignments").then();
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
