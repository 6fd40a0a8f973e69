package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * A newcomer's first minutes: {@code ./run.sh --demo} (the launcher in its own JVM, as in {@link OperatorDashboardIT})
 * and its dashboard in headless Chromium with the printed admin token entered. The page must open on a living fleet,
 * not on {@code EMPTY}: proxies probed healthy, accounts of every demo model on them and some waiting for capacity;
 * the demo's two entries of one upstream proxy marked as sharing an exit IP and held to one model, and its proxy that
 * leaves abroad flagged by the location check; then the flapping proxy fails and recovers, pushed over the WebSocket, without a reload.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoDashboardIT {

    private static final List<String> MODELS = List.of("model-a", "model-b", "model-c");
    private static final int PROXIES = 8;
    /** The flapping proxy is down 20 s of every minute; a failure and a recovery each show within one cycle or so. */
    private static final Duration FLAPPING = Duration.ofMinutes(2);
    private static final By HEALTH = By.cssSelector("#proxies tbody td:nth-child(2)");
    private static final By ACCOUNTS = By.cssSelector("#proxies tbody td:nth-child(5)");
    private static final By MODEL = By.cssSelector("#proxies tbody td:nth-child(6)");
    private static final By LISTED_LOCATION = By.cssSelector("#proxy-list tbody td:nth-child(15)");
    private static final By LISTED_EXIT_IP = By.cssSelector("#proxy-list tbody td:nth-child(19)");
    /** The exit IP of the demo's one upstream proxy entered twice, as HTTP and as HTTPS. */
    private static final String SHARED_EXIT_IP = "127.0.0.13";

    private static RunningFleet fleet;
    private static Dashboard dashboard;

    @BeforeAll
    static void startTheDemoAndOpenItsDashboard() throws IOException {
        Path chromium = TestParts.program("chromium", "chromium");
        Path chromedriver = TestParts.program("chromedriver", "chromium-driver");
        fleet = RunningFleet.startDemo();
        dashboard = Dashboard.open(chromium, chromedriver, fleet.statusUrl() + "/");
        dashboard.useToken(fleet.adminToken);
    }


    @AfterAll
    static void stopAll() {
        TestParts.closeAll(dashboard, fleet);
    }

    @Test
    @Order(1)
    void opensOnHealthyProxiesHoldingAccountsOfEveryModelWithSomeWaitingForCapacity() throws IOException {
        dashboard.awaitText(By.id("overall"), " of " + PROXIES + " proxies healthy");
        assertThat(dashboard.text(By.id("overall"))).matches("(HEALTHY|DEGRADED) — [1-9]\\d* of 8 proxies healthy");
        dashboard.await("every demo proxy in the table", d -> dashboard.texts(HEALTH).size() == PROXIES);
        assertThat(dashboard.texts(HEALTH)).contains("healthy");
        for (String model : MODELS) {
            dashboard.await(model + " on a proxy", d -> dashboard.texts(MODEL).contains(model));
        }
        assertThat(dashboard.texts(ACCOUNTS)).allMatch(cell -> cell.matches("[0-3]/3")).contains("3/3");
        dashboard.screenshot("demo-1-dashboard");

        dashboard.go("models");
        Pattern summary = Pattern.compile("(\\d+) accounts assigned, ([1-9]\\d*) waiting for capacity\\.");
        dashboard.await("accounts waiting for capacity", d -> {
            dashboard.click(By.id("models-refresh"));
            return summary.matcher(dashboard.text(By.id("models-summary"))).matches();
        });
        Matcher counts = summary.matcher(dashboard.text(By.id("models-summary")));
        assertThat(counts.matches()).isTrue();
        assertThat(Integer.parseInt(counts.group(1)) + Integer.parseInt(counts.group(2))).isEqualTo(25);
        dashboard.screenshot("demo-2-assignments");
        dashboard.go("dashboard");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    @Test
    @Order(2)
    void theTwoEntriesOfOneUpstreamShareAnExitIpAndAModelAndTheProxyLeavingAbroadIsFlagged() throws IOException {
        dashboard.go("list");
        dashboard.await("the pair sharing an exit IP marked in the list", d -> dashboard.texts(LISTED_EXIT_IP).stream()
                .filter(cell -> cell.equals(SHARED_EXIT_IP + " shared")).count() == 2);
        dashboard.await("the proxy leaving abroad marked in the list", d -> dashboard.texts(LISTED_LOCATION).stream()
                .filter(cell -> cell.equals("US-Ashburn mismatch")).count() == 1);
        assertThat(dashboard.texts(LISTED_EXIT_IP)).hasSize(PROXIES).allMatch(cell -> cell.startsWith("127.0.0."));
        dashboard.screenshot("demo-3-exit-ips");

        JsonPath duplicates = viewer().get(fleet.statusUrl() + "/api/proxies/duplicates-by-exit-ip").then().statusCode(200)
                .extract().jsonPath();
        assertThat(duplicates.getList("exitIp")).containsExactly(SHARED_EXIT_IP);
        assertThat(duplicates.getList("[0].proxies.id")).hasSize(2);
        JsonPath shared = viewer().queryParam("shared", true).get(fleet.assignmentUrl() + "/api/exit-ips").then()
                .statusCode(200).extract().jsonPath();
        assertThat(shared.getList("address")).containsExactly(SHARED_EXIT_IP);
        assertThat(shared.getString("[0].modelId")).isIn(MODELS);
        JsonPath mismatches = viewer().get(fleet.statusUrl() + "/api/proxies/location-mismatches").then().statusCode(200)
                .extract().jsonPath();
        assertThat(mismatches.getList("exitCountry")).containsExactly("CA");
        assertThat(dashboard.sameDocument()).isTrue();
        dashboard.go("dashboard");
    }

    @Test
    @Order(3)
    void theFlappingProxyFailsAndRecoversOnThePageWithoutAReload() throws IOException {
        long flapping = flappingProxy();
        By health = Dashboard.cell(flapping, 2);

        dashboard.await("the flapping proxy to fail", FLAPPING, d -> dashboard.text(health).equals("failed"));
        dashboard.await("the header to count it", d -> dashboard.text(By.id("overall")).startsWith("DEGRADED"));
        dashboard.screenshot("demo-4-flapping-failed");
        dashboard.await("the flapping proxy to recover", FLAPPING, d -> dashboard.text(health).equals("healthy"));

        // Pushed, not polled: the page is the one opened first and its WebSocket never fell back to polling.
        assertThat(dashboard.sameDocument()).isTrue();
        assertThat(dashboard.text(By.id("connection"))).startsWith("Live");
    }

    private static RequestSpecification viewer() {
        return RestAssured.given().auth().oauth2(fleet.adminToken);
    }

    /** The demo's flapping proxy, found by its label as the README shows. */
    private static long flappingProxy() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.inventoryUrl() + "/api/proxies?label=flapping"))
                .header("Authorization", "Bearer " + fleet.adminToken).build();
        try {
            String page = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
            Matcher id = Pattern.compile("\"items\":\\[\\{\"id\":(\\d+),").matcher(page);
            assertThat(id.find()).as(page).isTrue();
            assertThat(page).contains("\"total\":1");
            return Long.parseLong(id.group(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
