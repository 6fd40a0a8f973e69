package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.proxyfleet.localinfra.TinyGeoIpDatabase;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * What no peer does, on the whole fleet as {@code ./run.sh} starts it, with real proxies that leave through different
 * loopback addresses and an echo server of this test as both the probe target and the exit-IP check's target (it
 * answers with its caller's address). First exit IPs: the console's proxy detail shows each proxy's, warns of two that
 * share one, the proxy list marks them, status-service lists the pair as duplicates, and assignment-service holds it to
 * one model and to the limit an operator sets for the address in the detail. Then the location check, given a GeoIP
 * database of this test: a proxy leaving through another country than its location is flagged. Then outages: a provider most of whose
 * proxies fail is in outage and keeps its accounts, a failed proxy of a healthy provider loses them, and when the
 * target is gone for every proxy and directly too (our egress down) nothing moves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutagesAndExitIpsIT {

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
        fleet = RunningFleet.start(Map.of("HEALTH_EXIT_IP_URL", echo.url(), "HEALTH_TARGET_URL", echo.url(),
                "STATUS_GEOIP_DATABASE", database.toString()));
        dashboard = Dashboard.open(chromium, chromedriver, fleet.statusUrl() + "/");
        dashboard.useToken(fleet.adminToken);
    }

    @AfterAll
    static void stopAll() {
        stopEcho();
        TestParts.closeAll(dashboard, fleet, loopback);
    }

    private static void stopEcho() {
        TestParts.closeAll(echo);
        echo = null;
    }

    @Test
    @Order(1)
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
        // released, so that the waiting account takes none of the next test's proxies
        RestAssured.given().auth().oauth2(fleet.adminToken).delete(fleet.assignmentUrl() + "/api/assignments/exit-ip-a-2")
                .then().statusCode(204);
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

    /**
     * A provider is in outage from three failing proxies (and half of its own), and a proxy falls after ten failed
     * probes, which the test makes on demand (as an operator's "Probe now"), so that each fall comes when the test
     * wants it: after the outage or the egress's loss was judged, which the first failed probes do. Provider "down"
     * has four proxies, provider "up" two, each leaving through its own address (one exit IP per proxy, so that the
     * one-model rule per address keeps none of them from an account).
     */
    /**
     * The location check, given this test's GeoIP database (127.0.0.2 is in DE, 127.0.0.3 in US): two proxies located
     * in Germany, one leaving through 127.0.0.2 and one through 127.0.0.3. The proxy list flags the second, its detail
     * says it leaves through another country, the first's that it leaves where its location says, and status-service
     * lists only the second among the mismatches.
     */
    @Test
    @Order(2)
    void theListAndTheDetailFlagAProxyLeavingThroughAnotherCountryThanItsLocationWhichTheApiLists() throws IOException {
        int home = loopback.openHttp(null, "127.0.0.2");
        int abroad = loopback.openHttp(null, "127.0.0.3");
        addProxy(home, null, "DE-Frankfurt");
        long abroadId = addProxy(abroad, null, "de-Berlin");

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

    @Test
    @Order(3)
    void aProviderInOutageKeepsItsAccountsAFailedProxyOfAnotherLosesThemAndNothingMovesWhileOurEgressIsDown()
            throws IOException {
        settings(Map.of("outageMinProxies", 3, "fall", 10));
        Awaitility.await("the settings applied by health-service").atMost(Duration.ofSeconds(60)).until(() ->
                fleet.log("health-service").lines().anyMatch(line -> line.contains("Probe settings now")
                        && line.contains("fall=10") && line.contains("minProxies=3")));
        long down = provider("outage-down");
        long up = provider("outage-up");
        int[] downPorts = new int[4];
        long[] downIds = new long[4];
        for (int i = 0; i < 4; i++) {
            downPorts[i] = loopback.openHttp(null, "127.0.0." + (11 + i));
            downIds[i] = addProxy(downPorts[i], down);
        }
        int upPort = loopback.openHttp(null, "127.0.0.15");
        long upId = addProxy(upPort, up);
        long spareId = addProxy(loopback.openHttp(null, "127.0.0.16"), up);
        for (long id : new long[] {downIds[3], upId, spareId}) {
            awaitStatus("proxy " + id + " healthy", status -> "healthy".equals(stateOf(status, id)));
        }
        assignOnceKnown("outage-d", "model-outage-d", downIds[0]);
        assignOnceKnown("outage-u", "model-outage-u", upId);

        // three of four of one provider's proxies die together: its outage, and their accounts stay
        for (int i = 0; i < 3; i++) {
            loopback.kill(downPorts[i]);
            probe(downIds[i]);
        }
        awaitStatus("provider " + down + " in outage", status -> status.getList("outages.providerId", Long.class)
                .contains(down));
        failByProbes(downIds[0], "model-outage-d");
        assertThat(proxyOf("outage-d")).as("a fall during its provider's outage keeps the account").isEqualTo(downIds[0]);

        // one proxy of a healthy provider dies: it is the proxy's failure, and its account moves
        loopback.kill(upPort);
        failByProbes(upId, "model-outage-u");
        Long movedTo = proxyOf("outage-u");
        assertThat(movedTo).as("the proxy's own fall moves the account, to the spare: not onto the provider in outage")
                .isEqualTo(spareId);

        // the target is gone, through every proxy and directly: our egress is down, not the proxies; nothing moves.
        // Most proxies must have failed a probe since: every one but the proxy that took the account is probed.
        stopEcho();
        List<Long> others = status().getList("proxies.id", Long.class).stream().filter(id -> !id.equals(movedTo)).toList();
        Awaitility.await("egress down").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            others.forEach(OutagesAndExitIpsIT::probe);
            return status().getBoolean("egressDown");
        });
        failByProbes(movedTo, "model-outage-u");
        assertThat(proxyOf("outage-u")).as("a fall while our egress is down keeps the account").isEqualTo(movedTo);
        assertThat(proxyOf("outage-d")).isEqualTo(downIds[0]);
    }

    /**
     * Probes the proxy on demand until it is failed, then waits until assignment-service applied the fall: what
     * becomes of its accounts is decided in that transaction.
     */
    private static void failByProbes(long proxyId, String model) {
        Awaitility.await("proxy " + proxyId + " failed").atMost(Duration.ofSeconds(60)).until(() -> "failed".equals(probe(proxyId)));
        Awaitility.await("proxy " + proxyId + " failed in assignment-service").atMost(Duration.ofSeconds(60))
                .until(() -> !RestAssured.given().auth().oauth2(fleet.adminToken).queryParam("modelId", model)
                        .get(fleet.assignmentUrl() + "/api/proxies/available").then().statusCode(200).extract().jsonPath()
                        .getList("id", Long.class).contains(proxyId));
    }

    /** A probe on demand through health-service; answers the proxy's state after it. */
    private static String probe(long proxyId) {
        return RestAssured.given().auth().oauth2(fleet.adminToken).post(fleet.healthUrl() + "/api/health/proxies/"
                + proxyId + "/probe").then().statusCode(200).extract().jsonPath().getString("state");
    }

    private static String stateOf(JsonPath status, long proxyId) {
        return status.getString("proxies.find { it.id == " + proxyId + " }.health");
    }

    /** Changes runtime settings as the Settings page does (a merge-patch on inventory-service). */
    private static void settings(Map<String, Object> changes) {
        RestAssured.given().auth().oauth2(fleet.adminToken).contentType("application/merge-patch+json").body(changes)
                .patch(fleet.inventoryUrl() + "/api/settings").then().statusCode(200);
    }

    private static long provider(String name) {
        return RestAssured.given().auth().oauth2(fleet.adminToken).contentType(ContentType.JSON)
                .body(Map.of("name", name, "serviceType", "datacenter", "monthlyCostPerProxy", "1.00", "currency", "EUR"))
                .post(fleet.inventoryUrl() + "/api/providers").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void awaitStatus(String what, Predicate<JsonPath> reached) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).until(() -> reached.test(status()));
    }

    private static JsonPath status() {
        return RestAssured.given().auth().oauth2(fleet.adminToken).get(fleet.statusUrl() + "/api/status").then()
                .statusCode(200).extract().jsonPath();
    }

    /** Binds a new account to the proxy by hand, once assignment-service knows the proxy (its own event stream). */
    private static void assignOnceKnown(String accountId, String modelId, long proxyId) {
        Awaitility.await("account " + accountId + " on proxy " + proxyId).atMost(Duration.ofSeconds(60))
                .until(() -> assign(accountId, modelId, proxyId).extract().statusCode() == 200);
    }

    private static Long proxyOf(String accountId) {
        return RestAssured.given().auth().oauth2(fleet.adminToken).get(fleet.assignmentUrl() + "/api/accounts/"
                + accountId + "/proxy").then().statusCode(200).extract().jsonPath().getObject("proxyId", Long.class);
    }

    /** Adds an HTTP proxy on this loopback port over REST, as an operator's script does; answers its id. */
    private static long addProxy(int port) {
        return addProxy(port, null, null);
    }

    private static long addProxy(int port, Long providerId) {
        return addProxy(port, providerId, null);
    }

    private static long addProxy(int port, Long providerId, String location) {
        Map<String, Object> body = new HashMap<>(Map.of("host", "127.0.0.1", "port", port, "protocol", "HTTP",
                "labels", List.of("exit-ip")));
        if (providerId != null) {
            body.put("providerId", providerId);
        }
        if (location != null) {
            body.put("location", location);
        }
        return RestAssured.given().auth().oauth2(fleet.adminToken).contentType(ContentType.JSON).body(body)
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

    /** The proxy list's Location cell (the 15th column) of the proxy on this loopback port. */
    private static By listedLocation(int port) {
        return By.xpath("//table[@id='proxy-list']/tbody/tr[td[2][.='127.0.0.1:" + port + "']]/td[15]");
    }

    private static By exitCountry() {
        return By.cssSelector("#detail-facts dd[data-fact='Exit country']");
    }

    private static By exitIp() {
        return By.cssSelector("#detail-facts dd[data-fact='Exit IP']");
    }
}
