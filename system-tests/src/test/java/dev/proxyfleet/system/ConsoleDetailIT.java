package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The console's views of one thing at a time, on the whole fleet as {@code ./run.sh} starts it, through the dashboard
 * in headless Chromium with the admin token ({@code local-admin}) entered in the page: VPS hosts added, edited and
 * deleted; a proxy's notes, labels and VPS edited in its detail view and audited with the token's name; its latency
 * drawn from real probes through a loopback proxy, one of them failed; the proxies and accounts of a VPS host and the
 * mapping export naming the account's VPS; the accounts grouped by model with their usage, and one account's history;
 * stranded capacity and a consolidation proposed, confirmed and made. The steps build on each other, in order, on one
 * fleet; the page is never reloaded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDetailIT {

    private static final String MODEL = "m-detail";

    private static LoopbackProxies loopback;
    private static int proxyPort;
    /** The loopback proxy as the page names it, host:port. */
    private static String proxyName;
    private static RunningFleet fleet;
    private static Dashboard dashboard;
    private static long proxyId;
    private static long vpsId;

    @BeforeAll
    static void startFleetAndBrowser() {
        Path chromium = TestParts.program("chromium", "chromium");
        Path chromedriver = TestParts.program("chromedriver", "chromium-driver");
        loopback = new LoopbackProxies();
        proxyPort = loopback.open();
        proxyName = "127.0.0.1:" + proxyPort;
        try {
            fleet = RunningFleet.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TestEvents.useBroker(fleet.kafkaBootstrapServers());
        dashboard = Dashboard.open(chromium, chromedriver, fleet.statusUrl() + "/");
        dashboard.useToken(fleet.adminToken);
    }

    @AfterAll
    static void stopAll() {
        TestParts.closeAll(dashboard, fleet, loopback);
    }

    @Test
    @Order(1)
    void vpsHostsAreAddedEditedAndDeletedInTheirView() throws IOException {
        dashboard.go("vps");
        saveVps("vps-a", "production", "10.0.0.5");
        saveVps("vps-b", "staging", null);
        vpsId = Long.parseLong(dashboard.attribute(vpsRow("vps-a"), "data-id"));

        dashboard.press("Edit vps-b");
        dashboard.awaitText(By.id("vps-form-title"), "Edit VPS host vps-b");
        assertThat(dashboard.value(By.id("vps-environment"))).isEqualTo("staging");
        dashboard.type(By.id("vps-name"), "vps-a");
        dashboard.click(By.cssSelector("#vps-form button[type=submit]"));
        dashboard.awaitText(By.id("vps-result"), "Not saved: VPS host 'vps-a' already exists as id " + vpsId);
        dashboard.type(By.id("vps-name"), "vps-c");
        dashboard.click(By.cssSelector("#vps-form button[type=submit]"));
        dashboard.awaitText(By.id("vps-result"), "Saved VPS host vps-c.");
        dashboard.awaitText(vpsRow("vps-c"), "vps-c staging");
        assertThat(dashboard.exists(vpsRow("vps-b"))).isFalse();
        dashboard.screenshot("detail-1-vps-hosts");

        dashboard.press("Delete vps-c");
        dashboard.awaitText(By.id("confirm-text"), "Delete VPS host vps-c?");
        dashboard.click(By.id("confirm-ok"));
        dashboard.await("vps-c's row to go", d -> !dashboard.exists(vpsRow("vps-c")));
        assertThat(dashboard.text(vpsRow("vps-a"))).startsWith("vps-a production 10.0.0.5 0 0");
    }

    private static void saveVps(String name, String environment, String address) {
        dashboard.type(By.id("vps-name"), name);
        dashboard.type(By.id("vps-environment"), environment);
        if (address != null) {
            dashboard.type(By.id("vps-address"), address);
        }
        dashboard.click(By.cssSelector("#vps-form button[type=submit]"));
        dashboard.awaitText(By.id("vps-result"), "Saved VPS host " + name + ".");
        dashboard.awaitText(vpsRow(name), name + " " + environment);
    }

    /** Adds a proxy on the loopback port through the form; answers its id. */
    private static long addProxy(int port) {
        dashboard.go("add");
        dashboard.type(By.id("proxy-host"), "127.0.0.1");
        dashboard.type(By.id("proxy-port"), Integer.toString(port));
        dashboard.click(By.cssSelector("#proxy-form button[type=submit]"));
        dashboard.awaitText(By.id("proxy-result"), "(127.0.0.1:" + port + ").");
        return Long.parseLong(dashboard.text(By.id("proxy-result")).split(" ")[2]);
    }

    private static By vpsRow(String name) {
        return By.xpath("//table[@id='vps-table']/tbody/tr[td[1]='" + name + "']");
    }

    @Test
    @Order(2)
    void notesLabelsAndVpsAreEditedInTheProxyDetailAndAuditedWithTheTokensName() throws IOException {
        proxyId = addProxy(proxyPort);
        dashboard.go("dashboard");
        dashboard.awaitText(Dashboard.cell(proxyId, 2), "healthy"); // probed at once, through the loopback proxy

        openDetail();
        dashboard.type(By.id("detail-labels"), "eu, " + "x".repeat(65));
        dashboard.click(By.cssSelector("#detail-form button[type=submit]"));
        dashboard.awaitText(By.id("detail-result"), "Not saved: labels");
        assertThat(dashboard.attribute(By.id("detail-labels"), "aria-invalid")).isEqualTo("true");

        dashboard.type(By.id("detail-labels"), "eu, fast");
        dashboard.type(By.id("detail-notes"), "rack 4\nrenewed monthly");
        dashboard.choose("detail-vps", "vps-a");
        dashboard.click(By.cssSelector("#detail-form button[type=submit]"));
        dashboard.awaitText(By.id("detail-result"), "Saved " + proxyName + ".");
        assertThat(dashboard.exists(By.cssSelector("#detail-form [aria-invalid]"))).isFalse();
        dashboard.awaitText(fact("VPS"), "vps-a");

        By latest = By.cssSelector("#detail-history tbody tr:first-child");
        dashboard.awaitText(latest, "local-admin proxy " + proxyId + " updated");
        assertThat(dashboard.text(latest)).contains("labels: [] → [eu, fast]", "notes: – → rack 4", "vpsId: – → " + vpsId);
        dashboard.screenshot("detail-2-notes-labels-saved");

        dashboard.go("dashboard"); // what the detail shows now is what inventory-service stored
        dashboard.awaitText(Dashboard.cell(proxyId, 2), "healthy");
        openDetail();
        dashboard.await("the stored labels", d -> "eu, fast".equals(dashboard.value(By.id("detail-labels"))));
        assertThat(dashboard.value(By.id("detail-notes"))).isEqualTo("rack 4\nrenewed monthly");
        dashboard.click(By.id("detail-all-history"));
        dashboard.awaitText(By.id("activity-title"), "History of " + proxyName);
        assertThat(dashboard.texts(By.cssSelector("#activity-table tbody td:nth-child(2)"))).containsOnly("local-admin");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    private static void openDetail() {
        dashboard.press("Details " + proxyName);
        dashboard.awaitText(By.id("detail-title"), "Proxy " + proxyName);
    }

    private static By fact(String name) {
        return By.cssSelector("#detail-facts dd[data-fact='" + name + "']");
    }

    @Test
    @Order(3)
    void theDetailDrawsTheLatencyOfItsProbesAFailedOneMarkedAndShowsItsAccountsAndKeys() throws IOException {
        dashboard.go("dashboard");
        for (int i = 0; i < 2; i++) {
            testNow("healthy");
        }
        loopback.setDown(proxyPort, true);
        // one failure of fall 3: the proxy stays healthy; the answer names the error instead of a latency
        assertThat(testNow("healthy (")).doesNotEndWith(" ms)");
        loopback.setDown(proxyPort, false); // before the fast re-probes that follow a failure fail it
        TestEvents.publish(EventType.ACCOUNT_CREATED, new AccountData("acc-d1", MODEL, vpsId, null));
        TestEvents.publish(EventType.ACCOUNT_CREATED, new AccountData("acc-d2", MODEL, null, null));
        addKey();

        dashboard.go("dashboard");
        openDetail();
        By sparkline = By.id("detail-sparkline");
        // the probe when it was added, two that passed, one that failed (and the re-probes after it)
        dashboard.await("four probes drawn", d -> Integer.parseInt(dashboard.attribute(sparkline, "data-probes")) >= 4);
        assertThat(dashboard.texts(By.cssSelector("#detail-sparkline circle.failure"))).isNotEmpty();
        assertThat(dashboard.attribute(By.cssSelector("#detail-sparkline polyline"), "points").split(" "))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(dashboard.text(By.id("detail-chart-caption"))).containsPattern(" ms, [1-9]\\d* failed; newest on the right\\.");
        // the page reads the detail again as the accounts and the key come back over the WebSocket
        dashboard.awaitText(fact("Accounts"), "2/3 " + MODEL);
        dashboard.await("both accounts listed", d -> dashboard.texts(By.cssSelector("#detail-accounts tbody tr"))
                .containsAll(List.of("acc-d1 " + MODEL + " vps-a", "acc-d2 " + MODEL + " –")));
        dashboard.awaitText(By.cssSelector("#detail-keys tbody"), "key-detail consumer-pool");
        assertThat(dashboard.text(fact("Keys"))).isEqualTo("1/2");
        assertThat(dashboard.text(fact("State"))).isEqualTo("healthy");
        dashboard.screenshot("detail-3-proxy-detail");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    /** Probes the proxy from its row's "Test now"; the message that answers. */
    private static String testNow(String outcome) {
        dashboard.script("document.getElementById('message').textContent = ''");
        dashboard.press("Test now " + proxyName);
        dashboard.awaitText(By.id("message"), "Probe of " + proxyName + ": " + outcome);
        return dashboard.text(By.id("message"));
    }

    private static void addKey() {
        dashboard.press("Keys " + proxyName);
        dashboard.type(By.id("key-name"), "key-detail");
        dashboard.type(By.id("key-secret"), "detail-key-secret");
        dashboard.type(By.id("key-pool"), "consumer-pool");
        dashboard.click(By.cssSelector("#key-form button[type=submit]"));
        dashboard.awaitText(By.cssSelector("#key-table tbody"), "key-detail");
    }

    @Test
    @Order(4)
    void aVpsHostShowsItsProxiesAndAccountsAndTheExportNamesTheAccountsVps() throws IOException {
        dashboard.go("vps");
        dashboard.awaitText(vpsRow("vps-a"), "vps-a production 10.0.0.5 1 2");
        dashboard.press("Show vps-a");
        dashboard.awaitText(By.id("vps-shown-title"), "VPS host vps-a");
        assertThat(dashboard.texts(By.cssSelector("#vps-proxies tbody tr"))).singleElement().asString()
                .startsWith(proxyName + " healthy 2/3 " + MODEL);
        assertThat(dashboard.texts(By.cssSelector("#vps-accounts tbody tr"))).containsExactlyInAnyOrder(
                "acc-d1 " + MODEL + " " + proxyName + " yes", "acc-d2 " + MODEL + " " + proxyName + " no");
        dashboard.screenshot("detail-4-vps-proxies-accounts");

        String mapping = (String) dashboard.script("return fetch('/api/exports/mapping.csv', {headers: "
                + "{authorization: 'Bearer ' + sessionStorage.getItem('fleet-api-token')}}).then((r) => r.text())");
        assertThat(mapping.lines()).containsExactlyInAnyOrder("vps_id,proxy_id,proxy,account_id,model_id,account_vps_id",
                vpsId + "," + proxyId + "," + proxyName + ",acc-d1," + MODEL + "," + vpsId,
                vpsId + "," + proxyId + "," + proxyName + ",acc-d2," + MODEL + ",");

        dashboard.press("Delete vps-a"); // proxies still name it: refused, the service's reason shown
        dashboard.click(By.id("confirm-ok"));
        dashboard.awaitText(By.id("message"), "Failed: VPS host " + vpsId + " is named by 1 proxies; move them first");
        assertThat(dashboard.exists(vpsRow("vps-a"))).isTrue();
    }

    @Test
    @Order(5)
    void assignmentsAreGroupedByModelWithUsageAndAnAccountsHistoryShowsWhoMovedIt() throws IOException {
        TestEvents.publish(EventType.ACCOUNT_CREATED, new AccountData("acc-o1", "m-other", null, null));
        dashboard.go("models");
        By heading = By.cssSelector("#model-table tbody[data-model='" + MODEL + "'] th");
        By other = By.cssSelector("#model-table tbody[data-model='m-other'] th");
        dashboard.await("acc-o1 waiting", d -> {
            dashboard.click(By.id("models-refresh"));
            return dashboard.exists(other) && dashboard.text(other).contains("1 pending");
        });
        assertThat(dashboard.text(heading)).isEqualTo(MODEL + ": 2 assigned on 1 proxy, 0 pending; usage 2/3 slots (67 %)");
        assertThat(dashboard.text(other)).isEqualTo("m-other: 0 assigned on 0 proxies, 1 pending");

        dashboard.press("Release acc-d1");
        dashboard.awaitText(By.id("confirm-text"), "Release acc-d1 from " + proxyName);
        dashboard.click(By.id("confirm-ok"));
        dashboard.awaitText(heading, MODEL + ": 1 assigned on 1 proxy, 0 pending");
        dashboard.press("History acc-o1");
        dashboard.awaitText(By.id("account-history-title"), "History of acc-o1");
        assertThat(dashboard.texts(By.cssSelector("#account-history-table tbody tr td:nth-child(2)"))).containsExactly("pending");

        dashboard.type(By.id("assign-account"), "acc-d1");
        dashboard.type(By.id("assign-model"), MODEL);
        dashboard.type(By.id("assign-proxy"), Long.toString(proxyId));
        dashboard.click(By.cssSelector("#assign-form button[type=submit]"));
        dashboard.awaitText(By.id("assign-result"), "acc-d1 is assigned to " + proxyName);
        dashboard.press("History acc-d1");
        dashboard.awaitText(By.id("account-history-title"), "History of acc-d1");
        // newest first: the operator's assignment and release, then the policy's first placement
        assertThat(dashboard.texts(By.cssSelector("#account-history-table tbody tr td:nth-child(2)")))
                .containsExactly("assigned", "released", "assigned");
        assertThat(dashboard.texts(By.cssSelector("#account-history-table tbody tr td:nth-child(6)")).subList(0, 2))
                .containsOnly("local-admin");
        assertThat(dashboard.text(By.cssSelector("#account-history-table tbody tr:first-child td:nth-child(3)")))
                .isEqualTo(proxyName);
        dashboard.screenshot("detail-5-assignments-history");
        assertThat(dashboard.sameDocument()).isTrue();
    }

    /**
     * Stranded capacity and its consolidation: with a second proxy of the detail's model partly used, a third model's
     * account waits though slots are free; the proposal names the one move that frees a proxy for it, moves nothing,
     * and the consolidation, once confirmed, makes it and the waiting account takes the freed proxy.
     */
    @Test
    @Order(6)
    void strandedCapacityIsShownAndAConsolidationProposedThenMadeAfterAConfirmation() throws IOException {
        addProxy(loopback.open()); // acc-o1, waiting, takes it at once
        dashboard.go("models");
        By otherHeading = By.cssSelector("#model-table tbody[data-model='m-other'] th");
        dashboard.await("acc-o1 assigned", d -> {
            dashboard.click(By.id("models-refresh"));
            return dashboard.exists(otherHeading) && dashboard.text(otherHeading).startsWith("m-other: 1 assigned");
        });
        int secondPort = loopback.open();
        long second = addProxy(secondPort);
        dashboard.go("models");
        dashboard.type(By.id("assign-account"), "acc-d3");
        dashboard.type(By.id("assign-model"), MODEL);
        dashboard.type(By.id("assign-proxy"), Long.toString(second));
        // assignment-service learns of the new proxy from proxy-inventory a moment after inventory-service created it,
        // and refuses it until then, naming rule 3 ("proxy … is not known"): the test submits again, as an operator would.
        By submit = By.cssSelector("#assign-form button[type=submit]");
        dashboard.click(submit);
        dashboard.await("acc-d3 assigned to the new proxy", d -> {
            String result = dashboard.text(By.id("assign-result"));
            if (result.contains("is not known")) {
                dashboard.click(submit);
            }
            return result.contains("acc-d3 is assigned to ");
        });
        TestEvents.publish(EventType.ACCOUNT_CREATED, new AccountData("acc-t1", "m-third", null, null));
        By third = By.xpath("//table[@id='capacity-table']/tbody/tr[td[1]='m-third']");
        dashboard.await("acc-t1 waiting with stranded slots", d -> {
            dashboard.click(By.id("models-refresh"));
            return dashboard.exists(third) && dashboard.text(third).equals("m-third 0 0 1 0 5");
        });
        assertThat(dashboard.text(By.id("capacity-summary"))).isEqualTo("5 free slots, 0 of them on 0 empty proxies; "
                + "5 stranded (on proxies of one model while another waits).");

        dashboard.click(By.id("consolidate-plan"));
        dashboard.awaitText(By.id("consolidate-summary"), "1 move frees 1 proxy for waiting models.");
        assertThat(dashboard.texts(By.cssSelector("#consolidate-table tbody tr")))
                .containsExactly("acc-d3 127.0.0.1:" + secondPort + " " + proxyName + " m-third");
        dashboard.screenshot("detail-6-consolidation-proposed");

        dashboard.click(By.id("consolidate-apply"));
        dashboard.awaitText(By.id("confirm-text"),
                "Move 1 account (acc-d3) to other proxies of their model? Each one's IP changes.");
        dashboard.click(By.id("confirm-ok"));
        dashboard.awaitText(By.id("consolidate-summary"), "Moved 1 account; 1 waiting account took the freed proxies.");
        By thirdHeading = By.cssSelector("#model-table tbody[data-model='m-third'] th");
        dashboard.await("acc-t1 assigned", d -> dashboard.exists(thirdHeading)
                && dashboard.text(thirdHeading).startsWith("m-third: 1 assigned on 1 proxy, 0 pending"));
        assertThat(dashboard.text(By.cssSelector("#model-table tbody[data-model='" + MODEL + "'] th")))
                .startsWith(MODEL + ": 3 assigned on 1 proxy, 0 pending");
        assertThat(dashboard.exists(By.cssSelector("#consolidate-apply:disabled"))).isTrue();
        dashboard.screenshot("detail-7-consolidated");
    }
}
