package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * An operator's day with the whole fleet, started as {@code ./run.sh} starts it (real Kafka, real PostgreSQL, the
 * four packaged services), through the dashboard in headless Chromium with the admin token entered in the page:
 * import, add, edit, prioritise, probe, disable, enable and delete proxies, watch accounts being assigned, add, edit
 * and delete a provider, assign, reassign and release accounts by hand, and read a proxy's history and the fleet's
 * activity. Every change is made through the owning
 * service's REST API by the page and must come back to the page (over Kafka, status-service and its WebSocket, or
 * from assignment-service for its accounts view), without a reload. The steps build on each other, in order, on one
 * fleet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorDashboardIT {

    private static final String PROVIDER = "Acme";
    private static final String SOCKS_USER = "e2e";
    private static final String SOCKS_PASSWORD = "e2e-socks-secret";
    private static final Pattern PROXY_ID = Pattern.compile("\"proxyId\":(\\d+)");

    private static Socks5Proxy socks;
    /** The imported HTTP proxy, which works; the imported SOCKS5 one points at a closed loopback port. */
    private static LoopbackProxies loopback;
    private static String importedName;
    private static String importedSocksName;
    private static RunningFleet fleet;
    private static Dashboard dashboard;
    /** Proxies the steps hand on: two imported ones, and the one added through the form (the real proxy). */
    private static long imported;
    private static long importedSocks;
    private static long added;
    private static String addedName;

    @BeforeAll
    static void startFleetAndBrowser() throws IOException {
        Path chromium = TestParts.program("chromium", "chromium");
        Path chromedriver = TestParts.program("chromedriver", "chromium-driver");
        socks = new Socks5Proxy(TestParts.program("microsocks", "microsocks"), SOCKS_USER, SOCKS_PASSWORD);
        addedName = "127.0.0.1:" + socks.port;
        loopback = new LoopbackProxies();
        importedName = "127.0.0.1:" + loopback.open();
        importedSocksName = "127.0.0.1:" + FreePorts.next();
        fleet = RunningFleet.start();
        socks.requireRunning(); // the fleet took long enough to start for microsocks to listen or fail
        TestEvents.useBroker(fleet.kafkaBootstrapServers());
        assertThat(inventory("POST", "/api/providers", """
                {"name":"%s","serviceType":"datacenter","monthlyCostPerProxy":"2.50","currency":"EUR"}""".formatted(PROVIDER))
                .statusCode()).isEqualTo(201);
        dashboard = Dashboard.open(chromium, chromedriver, fleet.statusUrl() + "/");
        dashboard.useToken(fleet.adminToken);
    }


    @AfterAll
    static void stopAll() {
        TestParts.closeAll(dashboard, fleet, socks, loopback);
    }

    @Test
    @Order(1)
    void importPreviewsEveryLineThenStoresAndTheTableShowsTheNewProxiesLive() throws IOException {
        dashboard.go("import");
        dashboard.type(By.id("import-text"), importedName + "\nsocks5://" + importedSocksName + "\n127.0.0.1:99999\n" + importedName);
        dashboard.choose("import-provider", PROVIDER);
        dashboard.click(By.cssSelector("#import-form button[type=submit]"));

        dashboard.awaitText(By.id("import-summary"), "Preview: 4 lines — 2 valid, 1 duplicates, 1 invalid.");
        assertThat(dashboard.text(resultLine(1))).startsWith("1 valid");
        assertThat(dashboard.text(resultLine(3))).startsWith("3 invalid").contains("port");
        assertThat(dashboard.text(resultLine(4))).startsWith("4 duplicate").contains("line 1");
        dashboard.screenshot("1-import-preview");
        dashboard.click(By.id("import-confirm"));

        dashboard.awaitText(By.id("import-summary"), "Import: 4 lines — 2 created, 1 duplicates, 1 invalid.");
        imported = Long.parseLong(dashboard.text(resultLine(1)).split(" ")[2]);
        importedSocks = Long.parseLong(dashboard.text(resultLine(2)).split(" ")[2]);
        dashboard.go("dashboard");
        dashboard.awaitText(Dashboard.row(imported), importedName + " HTTP");
        dashboard.awaitText(Dashboard.row(importedSocks), importedSocksName + " SOCKS5");
        assertThat(dashboard.text(Dashboard.cell(imported, 7))).isEqualTo(PROVIDER);
        assertThat(dashboard.sameDocument()).isTrue();
        dashboard.screenshot("2-imported");
    }

    private static By resultLine(int line) {
        return By.cssSelector("#import-results tbody tr:nth-child(" + line + ")");
    }

    @Test
    @Order(2)
    void addsAProxyThenEditsItAndChangesItsPriority() throws IOException {
        dashboard.go("add");
        dashboard.type(By.id("proxy-host"), "127.0.0.1");
        dashboard.type(By.id("proxy-port"), Integer.toString(socks.port));
        dashboard.choose("proxy-protocol", "SOCKS5");
        dashboard.type(By.id("proxy-username"), SOCKS_USER);
        dashboard.type(By.id("proxy-password"), SOCKS_PASSWORD);
        dashboard.choose("proxy-provider", PROVIDER);
        dashboard.type(By.id("proxy-location"), "lab");
        added = save("proxy");
        dashboard.go("dashboard");
        dashboard.awaitText(Dashboard.row(added), addedName + " SOCKS5");
        assertThat(dashboard.text(Dashboard.cell(added, 8))).isEqualTo("lab");

        dashboard.press("Edit " + addedName);
        dashboard.awaitText(By.id("add-title"), "Edit proxy " + added);
        assertThat(dashboard.value(By.id("proxy-host"))).isEqualTo("127.0.0.1");
        assertThat(dashboard.value(By.id("proxy-password"))).isEmpty();
        assertThat(dashboard.attribute(By.id("proxy-password"), "placeholder")).isEqualTo("unchanged");
        dashboard.type(By.id("proxy-labels"), "x".repeat(65));
        dashboard.click(submit("proxy"));
        dashboard.awaitText(By.id("proxy-result"), "Not saved: labels"); // the problem's detail, from inventory-service
        dashboard.type(By.id("proxy-labels"), "e2e");
        dashboard.type(By.id("proxy-location"), "lab-2");
        assertThat(save("proxy")).isEqualTo(added);
        dashboard.go("dashboard");
        dashboard.awaitText(Dashboard.cell(added, 8), "lab-2");

        dashboard.press("Priority… " + addedName);
        dashboard.answer("5");
        dashboard.awaitText(Dashboard.cell(added, 9), "5");
        assertThat(dashboard.sameDocument()).isTrue();
        dashboard.screenshot("3-added-edited");
    }

    private static By submit(String form) {
        return By.cssSelector("#" + form + "-form button[type=submit]");
    }

    /** Submits the proxy or provider form; the id of what it saved. */
    private static long save(String form) {
        By result = By.id(form + "-result");
        dashboard.click(submit(form));
        dashboard.awaitText(result, "Saved " + form);
        Matcher saved = Pattern.compile("Saved " + form + " (\\d+) ").matcher(dashboard.text(result));
        assertThat(saved.find()).as(dashboard.text(result)).isTrue();
        return Long.parseLong(saved.group(1));
    }

    @Test
    @Order(3)
    void testNowProbesThroughTheRealProxyAndTheHeaderFollowsDisableAndEnable() throws IOException {
        dashboard.press("Test now " + addedName);

        // The password survived the edit (PUT without it keeps it): microsocks lets only this login through.
        dashboard.awaitText(By.id("message"), "Probe of " + addedName + ": healthy");
        dashboard.awaitText(Dashboard.cell(added, 2), "healthy");
        dashboard.awaitText(By.id("overall"), "DEGRADED — 2 of 3 proxies healthy");
        dashboard.screenshot("4-tested");

        dashboard.press("Disable " + addedName);
        dashboard.awaitText(Dashboard.cell(added, 1), "(disabled)");
        dashboard.awaitText(By.id("overall"), "DEGRADED — 1 of 2 proxies healthy");
        assertThat(dashboard.exists(By.cssSelector("#proxies tr.disabled[data-id='" + added + "']"))).isTrue();
        dashboard.screenshot("5-disabled");

        dashboard.press("Enable " + addedName);
        // re-enabled, it is probed at once
        dashboard.awaitText(By.id("overall"), "DEGRADED — 2 of 3 proxies healthy");
        assertThat(dashboard.text(Dashboard.cell(added, 1))).doesNotContain("disabled");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    @Test
    @Order(4)
    void deletesAProxyOnlyOnceTheOperatorConfirms() throws Exception {
        dashboard.press("Delete " + importedSocksName);
        dashboard.awaitText(By.id("confirm-text"), "Delete proxy " + importedSocksName + "?");
        dashboard.click(By.cssSelector("#confirm-dialog button[value=cancel]"));

        dashboard.press("Delete " + importedSocksName);
        dashboard.screenshot("6-delete-confirmation");
        assertThat(inventory("GET", "/api/proxies/" + importedSocks, null).statusCode()).as("kept after cancel").isEqualTo(200);
        dashboard.click(By.id("confirm-ok"));

        dashboard.await("the deleted proxy's row to go", d -> !dashboard.exists(Dashboard.row(importedSocks)));
        assertThat(inventory("GET", "/api/proxies/" + importedSocks, null).statusCode()).isEqualTo(404);
        assertThat(dashboard.text(By.id("proxies-caption"))).isEqualTo("Proxies (2 of 2)");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    @Test
    @Order(5)
    void assignmentsShowByModelAndAnAccountWithoutCapacityIsListedAsPending() throws IOException {
        dashboard.go("models");
        createAccount("acc-1", "m-1");
        dashboard.awaitText(accountRow("m-1", "acc-1"), "assigned");
        createAccount("acc-2", "m-2");
        dashboard.awaitText(accountRow("m-2", "acc-2"), "assigned");
        // Two proxies, each holding another model's account: nothing is left for a third model.
        createAccount("acc-3", "m-3");
        By pending = accountRow("m-3", "acc-3");
        dashboard.await("acc-3 listed as pending", d -> {
            dashboard.click(By.id("models-refresh"));
            return dashboard.exists(pending) && dashboard.text(pending).contains("pending");
        });
        assertThat(dashboard.text(By.id("models-summary"))).isEqualTo("2 accounts assigned, 1 waiting for capacity.");
        assertThat(dashboard.text(accountRow("m-1", "acc-1"))).containsAnyOf(addedName, importedName);
        dashboard.screenshot("7-assignments");

        dashboard.go("dashboard");
        dashboard.awaitText(Dashboard.cell(added, 5), "1/3");
        dashboard.awaitText(Dashboard.cell(imported, 5), "1/3");
        dashboard.go("providers");
        dashboard.awaitText(By.cssSelector("#provider-table tbody"),
                PROVIDER + " datacenter active 2 of 2 enabled 2 33 % (2/6) 2.5000 EUR 5.00 EUR 2.5000 EUR");
        dashboard.screenshot("8-providers");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    @Test
    @Order(6)
    void addsAProviderThenEditsItPastARefusalAndTheListFollowsLive() throws IOException {
        dashboard.go("providers");
        dashboard.type(By.id("provider-name"), "Globex");
        dashboard.choose("provider-type", "residential");
        dashboard.type(By.id("provider-cost"), "1.25");
        dashboard.type(By.id("provider-currency"), "EUR");
        dashboard.type(By.id("provider-email"), "noc@globex.example");
        long globex = save("provider");
        // A provider without proxies changes no proxy row: only its own event, announced over the WebSocket, shows it.
        dashboard.awaitText(providerRow(globex), "Globex residential active 0 of 0 enabled 0 0 % (0/0) 1.2500 EUR 0.00 EUR");

        dashboard.press("Edit Globex");
        dashboard.awaitText(By.id("provider-form-title"), "Edit provider " + globex + " (Globex)");
        assertThat(dashboard.value(By.id("provider-email"))).isEqualTo("noc@globex.example");
        dashboard.type(By.id("provider-name"), "Globex Networks");
        dashboard.type(By.id("provider-cost"), "1.123456");
        dashboard.click(submit("provider"));
        dashboard.awaitText(By.id("provider-result"), "Not saved: monthlyCostPerProxy must have at most 8 digits before the decimal point and 4 after it");
        assertThat(dashboard.attribute(By.id("provider-cost"), "aria-invalid")).isEqualTo("true");
        assertThat(dashboard.text(By.id("provider-cost-error"))).isEqualTo("must have at most 8 digits before the decimal point and 4 after it");
        dashboard.screenshot("9-provider-refused");
        dashboard.type(By.id("provider-cost"), "1.5");
        assertThat(save("provider")).isEqualTo(globex);
        assertThat(dashboard.exists(By.cssSelector("#provider-form [aria-invalid]"))).isFalse();

        dashboard.awaitText(providerRow(globex), "Globex Networks residential active 0 of 0 enabled 0 0 % (0/0) 1.5000 EUR");
        assertThat(inventory("GET", "/api/providers/" + globex, null).body())
                .contains("\"name\":\"Globex Networks\"", "\"monthlyCostPerProxy\":1.5", "\"contactEmail\":\"noc@globex.example\"");
        dashboard.screenshot("10-provider-edited");

        dashboard.press("Delete Globex Networks");
        dashboard.awaitText(By.id("confirm-text"), "Delete provider Globex Networks?");
        dashboard.click(By.id("confirm-ok"));
        dashboard.await("the deleted provider's row to go", d -> !dashboard.exists(providerRow(globex)));
        assertThat(inventory("GET", "/api/providers/" + globex, null).statusCode()).isEqualTo(404);
        assertThat(dashboard.sameDocument()).isTrue();
    }

    private static By providerRow(long providerId) {
        return By.cssSelector("#provider-table tr[data-provider='" + providerId + "']");
    }

    @Test
    @Order(7)
    void assignsReassignsAndReleasesByHandAndShowsTheBrokenRuleVerbatim() throws IOException {
        long modelOneProxy = proxyOf("acc-1");
        long modelTwoProxy = proxyOf("acc-2");
        dashboard.go("models");

        dashboard.press("Assign… acc-3");
        dashboard.awaitText(By.id("assign-title"), "Assign acc-3 (waiting for capacity)");
        assertThat(dashboard.value(By.id("assign-model"))).isEqualTo("m-3");
        // acc-3 waits because no proxy can take an m-3 account: none is suggested, but one of m-1 can still be typed
        dashboard.awaitText(By.id("assign-proxy-hint"), "0 proxies fit m-3 now; empty lets the policy choose.");
        assertThat(dashboard.exists(By.cssSelector("#assign-proxies option"))).isFalse();
        dashboard.type(By.id("assign-proxy"), Long.toString(modelOneProxy));
        dashboard.click(submit("assign"));
        dashboard.awaitText(By.id("assign-result"), "Not assigned: rule 2: proxy " + modelOneProxy + " belongs to model m-1");
        assertThat(assignment("/api/accounts/acc-3/proxy")).contains("\"status\":\"pending\"");
        dashboard.screenshot("11-assignment-refused");

        // Released first, acc-3 does not take the proxy acc-2 leaves: it stays free for acc-1.
        release("m-3", "acc-3");
        release("m-2", "acc-2");
        dashboard.press("Reassign… acc-1");
        dashboard.await("the proxy acc-2 left to be suggested", d -> dashboard.exists(suggested(modelTwoProxy)));
        dashboard.type(By.id("assign-proxy"), Long.toString(modelTwoProxy));
        dashboard.click(submit("assign"));
        dashboard.awaitText(By.id("assign-result"), "acc-1 is assigned to " + proxyName(modelTwoProxy));
        dashboard.awaitText(accountRow("m-1", "acc-1"), proxyName(modelTwoProxy));
        assertThat(proxyOf("acc-1")).isEqualTo(modelTwoProxy);

        dashboard.type(By.id("assign-account"), "acc-3"); // known: its model is kept; no proxy chosen: by policy
        dashboard.click(submit("assign"));
        dashboard.awaitText(By.id("assign-result"), "acc-3 is assigned to " + proxyName(modelOneProxy));
        dashboard.awaitText(accountRow("m-3", "acc-3"), proxyName(modelOneProxy));
        assertThat(proxyOf("acc-3")).isEqualTo(modelOneProxy);
        dashboard.screenshot("12-reassigned");

        dashboard.go("dashboard");
        dashboard.awaitText(Dashboard.cell(modelOneProxy, 6), "m-3");
        dashboard.awaitText(Dashboard.cell(modelTwoProxy, 6), "m-1");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    @Test
    @Order(8)
    void aProxysHistoryAndTheFleetsActivityShowWhoChangedWhatButNeverAPassword() throws IOException {
        dashboard.go("dashboard");
        dashboard.press("History " + addedName);

        dashboard.awaitText(By.id("activity-title"), "History of " + addedName);
        List<String> changes = dashboard.texts(activityColumn(5));
        assertThat(changes).containsSubsequence("enabled: false → true", "enabled: true → false", "priority: 0 → 5");
        assertThat(changes).anyMatch(change -> change.contains("location: lab → lab-2"));
        assertThat(changes.get(changes.size() - 1)).contains("host: – → 127.0.0.1", "password: changed");
        assertThat(dashboard.texts(activityColumn(2))).containsOnly("local-admin");
        assertThat(dashboard.text(By.id("activity-table"))).doesNotContain(SOCKS_PASSWORD);
        dashboard.screenshot("13-proxy-history");

        dashboard.click(By.cssSelector("nav a[href='#activity']"));
        dashboard.awaitText(By.id("activity-summary"), "changes, newest first");
        dashboard.await("the fleet's activity", d -> dashboard.text(By.id("activity-title")).equals("Activity"));
        // The import of step 1: one entry with its counts (stored as jsonb, which orders keys its own way).
        assertThat(dashboard.texts(activityColumn(5)))
                .anyMatch(change -> change.contains("lines: 4") && change.contains("created: 2")
                        && change.contains("duplicates: 1") && change.contains("invalid: 1"))
                .anyMatch(change -> change.contains("name: – → " + PROVIDER));
        assertThat(dashboard.sameDocument()).isTrue();
        dashboard.screenshot("14-activity");
    }

    private static By activityColumn(int column) {
        return By.cssSelector("#activity-table tbody td:nth-child(" + column + ")");
    }

    private static By suggested(long proxyId) {
        return By.cssSelector("#assign-proxies option[value='" + proxyId + "']");
    }

    /** Releases an account with the confirmation; its row goes and assignment-service holds it inactive. */
    @Test
    @Order(8)
    void theSettingsPanelSwitchesTheProxySystemOffAndBackAndTheHeaderFollowsLive() throws IOException {
        dashboard.go("settings");
        dashboard.await("the settings shown", d -> dashboard.text(By.id("settings-result")).matches("(Never changed|Version).*"));
        dashboard.choose("settings-enabled", "off: direct connections");
        dashboard.type(By.id("settings-fall"), "4");
        dashboard.click(submit("settings"));
        dashboard.awaitText(By.id("settings-result"), "Saved. Version");
        assertThat(inventory("GET", "/api/settings", null).body())
                .contains("\"proxySystemEnabled\":false", "\"fall\":4", "\"autoDisable\":null");
        dashboard.screenshot("13-settings");

        dashboard.go("dashboard");
        dashboard.awaitText(By.id("overall"), "DISABLED — proxy system disabled, using direct connection");
        dashboard.screenshot("14-disabled");

        dashboard.go("settings");
        dashboard.choose("settings-enabled", "default (on)");
        dashboard.type(By.id("settings-fall"), "");
        dashboard.click(submit("settings"));
        dashboard.awaitText(By.id("settings-result"), "Saved. Version");
        assertThat(inventory("GET", "/api/settings", null).body()).contains("\"proxySystemEnabled\":null", "\"fall\":null");
        dashboard.go("dashboard");
        dashboard.await("the header back from disabled", d -> !dashboard.text(By.id("overall")).startsWith("DISABLED"));
        assertThat(dashboard.sameDocument()).isTrue();
    }

    private static void release(String modelId, String accountId) throws IOException {
        dashboard.press("Release " + accountId);
        dashboard.awaitText(By.id("confirm-text"), "Release " + accountId + " from ");
        dashboard.click(By.id("confirm-ok"));
        dashboard.await(accountId + "'s row to go", d -> !dashboard.exists(accountRow(modelId, accountId)));
        assertThat(assignment("/api/accounts/" + accountId + "/proxy")).contains("\"status\":\"inactive\"");
    }

    private static String proxyName(long proxyId) {
        return proxyId == added ? addedName : importedName;
    }

    /** The proxy assignment-service has bound the account to. */
    private static long proxyOf(String accountId) throws IOException {
        String account = assignment("/api/accounts/" + accountId + "/proxy");
        Matcher proxy = PROXY_ID.matcher(account);
        assertThat(proxy.find()).as(account).isTrue();
        return Long.parseLong(proxy.group(1));
    }

    /** Publishes {@code account.created}, as an account service would. */
    private static void createAccount(String accountId, String modelId) {
        TestEvents.publish(EventType.ACCOUNT_CREATED, new AccountData(accountId, modelId, null, null));
    }

    private static By accountRow(String modelId, String accountId) {
        return By.cssSelector("#model-table tbody[data-model='" + modelId + "'] tr[data-account='" + accountId + "']");
    }

    private static HttpResponse<String> inventory(String method, String path, String json) throws IOException {
        return call(fleet.inventoryUrl(), method, path, json);
    }

    /** A GET from assignment-service that must succeed; its body. */
    private static String assignment(String path) throws IOException {
        HttpResponse<String> response = call(fleet.assignmentUrl(), "GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> call(String base, String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + fleet.adminToken)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
