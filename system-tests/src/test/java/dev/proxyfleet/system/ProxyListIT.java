package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.loopback.Login;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The proxy list of a fleet larger than one page, in headless Chromium with the admin token entered in the page: its
 * columns (failures, last error, score, accounts and keys n/max, last assignment), filters, sorting, selecting many
 * across pages, a bulk edit whose outcome comes back live over the WebSocket, and a bulk delete that names the accounts
 * that will move before it deletes. Everything is done through the page, as an operator would; the steps build on each
 * other, in order, on one fleet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyListIT {

    /** More closed ports than one page of the list holds (100 rows). */
    private static final int CLOSED = 101;
    private static final String MODEL = "m-list";
    /** Fall's probes of a proxy that missed the fast re-probe budget: up to two 5-second intervals, on a loaded machine. */
    private static final Duration FAILING = Duration.ofSeconds(60);
    private static final List<String> ACCOUNTS = List.of("list-acc-1", "list-acc-2");

    private static LoopbackProxies loopback;
    private static RunningFleet fleet;
    private static Dashboard dashboard;
    /** A working proxy, which gets the accounts; one that refuses the login it is given; proxies on closed ports. */
    private static String working;
    private static String refusing;
    private static List<String> closed;

    @BeforeAll
    static void startFleetAndBrowser() throws IOException {
        Path chromium = TestParts.program("chromium", "chromium");
        Path chromedriver = TestParts.program("chromedriver", "chromium-driver");
        loopback = new LoopbackProxies();
        int workingPort = loopback.open();
        int refusingPort = loopback.openHttp(new Login("list-user", "the-right-one"));
        working = "127.0.0.1:" + workingPort;
        refusing = "127.0.0.1:" + refusingPort;
        // FreePorts may hand out a port again once it was free for long enough: each closed proxy needs its own.
        closed = IntStream.generate(FreePorts::next).filter(port -> port != workingPort && port != refusingPort)
                .distinct().limit(CLOSED).mapToObj(port -> "127.0.0.1:" + port).toList();
        fleet = RunningFleet.start();
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
    void theListShowsFailuresLastErrorScoreAccountsKeysAndLastAssignment() throws IOException {
        // The test fleet probes every 10 minutes. Fast re-probes have a fleet-wide budget (a quarter of the probe
        // slots, refilled per timeout), so of 102 proxies failing at once some find it spent after their first
        // failure and wait for their regular interval: a short one, as an operator expecting dead proxies would set.
        dashboard.go("settings");
        dashboard.await("the settings shown", d -> dashboard.text(By.id("settings-result")).matches("(Never changed|Version).*"));
        dashboard.type(By.id("settings-interval"), "5000");
        dashboard.click(By.cssSelector("#settings-form button[type=submit]"));
        dashboard.awaitText(By.id("settings-result"), "Saved. Version");

        dashboard.go("import");
        dashboard.type(By.id("import-text"), working + "\n" + refusing + ":list-user:a-wrong-one\n"
                + String.join("\n", closed));
        dashboard.click(By.cssSelector("#import-form button[type=submit]"));
        dashboard.awaitText(By.id("import-summary"), "Preview: 103 lines — 103 valid");
        dashboard.click(By.id("import-confirm"));
        dashboard.awaitText(By.id("import-summary"), "Import: 103 lines — 103 created");

        dashboard.go("list");
        dashboard.awaitText(By.id("list-caption"), "Proxies (103 of 103)");
        // healthy, or degraded when the loaded machine made its first probe slow: either way it serves
        dashboard.await("the working proxy serving", d -> List.of("healthy", "degraded")
                .contains(dashboard.text(cell(working, Column.HEALTH))));
        // Once every other proxy has failed, the working one is the only place for the accounts (assignment prefers
        // healthy proxies but also takes unknown ones).
        dashboard.choose("list-health", "failed");
        dashboard.await("'Proxies (102 of 103)' failed", FAILING, d -> dashboard.text(By.id("list-caption"))
                .contains("Proxies (102 of 103)"));
        dashboard.choose("list-health", "any");
        ACCOUNTS.forEach(account -> TestEvents.publish(EventType.ACCOUNT_CREATED, new AccountData(account, MODEL, null, null)));
        dashboard.awaitText(cell(working, Column.ACCOUNTS), "2/3");
        dashboard.awaitText(cell(refusing, Column.LAST_ERROR), "proxy authentication failed");
        long workingId = Long.parseLong(dashboard.attribute(By.xpath("//table[@id='proxy-list']/tbody/tr[td[2][.='"
                + working + "']]"), "data-id"));
        reportUse(workingId, UsageOutcome.FAILURE);
        for (int i = 0; i < 3; i++) {
            reportUse(workingId, UsageOutcome.SUCCESS);
        }
        dashboard.awaitText(cell(working, Column.USES), "4");
        assertThat(dashboard.text(cell(working, Column.SUCCESS))).isEqualTo("75 %");
        assertThat(dashboard.text(cell(working, Column.LAST_USED))).endsWith("ago");
        assertThat(dashboard.text(cell(refusing, Column.SUCCESS))).isEqualTo("–");

        assertThat(dashboard.text(cell(working, Column.KEYS))).isEqualTo("0/2");
        assertThat(dashboard.text(cell(working, Column.MODEL))).isEqualTo(MODEL);
        assertThat(dashboard.text(cell(working, Column.LAST_ASSIGNED))).endsWith("ago");
        assertThat(dashboard.text(cell(working, Column.SCORE))).matches("\\d+");
        assertThat(dashboard.text(cell(working, Column.LAST_ERROR))).isEqualTo("–");
        assertThat(Integer.parseInt(dashboard.text(cell(refusing, Column.FAILURES)))).isPositive();
        assertThat(dashboard.text(cell(refusing, Column.ACCOUNTS))).isEqualTo("0/3");
        assertThat(dashboard.text(By.id("list-page"))).isEqualTo("page 1 of 2");
        assertThat(dashboard.texts(By.cssSelector("#proxy-list tbody tr"))).hasSize(100);
        dashboard.screenshot("list-1-columns");
    }

    @Test
    @Order(2)
    void filtersByUsageModelHealthAndTextAndPagesThroughTheRest() throws IOException {
        dashboard.choose("list-usage", "2/3");
        dashboard.awaitText(By.id("list-caption"), "Proxies (1 of 103)");
        assertThat(shownProxies()).containsExactly(working);
        dashboard.choose("list-usage", "free");
        dashboard.choose("list-model", MODEL);
        dashboard.awaitText(By.id("list-caption"), "Proxies (1 of 103)");
        dashboard.choose("list-model", "any");
        dashboard.choose("list-usage", "any");

        dashboard.type(By.id("list-search"), "authentication");
        dashboard.awaitText(By.id("list-caption"), "Proxies (1 of 103)");
        assertThat(shownProxies()).containsExactly(refusing);
        dashboard.type(By.id("list-search"), " ");
        dashboard.choose("list-health", "failed");
        dashboard.awaitText(By.id("list-caption"), "Proxies (102 of 103)");
        assertThat(shownProxies()).doesNotContain(working);
        dashboard.choose("list-health", "any");

        dashboard.awaitText(By.id("list-page"), "page 1 of 2");
        dashboard.click(By.id("list-next"));
        dashboard.awaitText(By.id("list-page"), "page 2 of 2");
        assertThat(dashboard.texts(By.cssSelector("#proxy-list tbody tr"))).hasSize(3);
        dashboard.screenshot("list-2-page-two");
        dashboard.click(By.id("list-previous"));
    }

    @Test
    @Order(3)
    void sortsByAnyColumnEitherWay() {
        dashboard.click(sortButton("Proxy"));
        dashboard.await("proxies by port, ascending", d -> shownProxies().equals(byPort(shownProxies(), 1)));
        assertThat(dashboard.attribute(header("Proxy"), "aria-sort")).isEqualTo("ascending");
        dashboard.click(sortButton("Proxy"));
        dashboard.await("proxies by port, descending", d -> shownProxies().equals(byPort(shownProxies(), -1)));
        assertThat(dashboard.attribute(header("Proxy"), "aria-sort")).isEqualTo("descending");

        dashboard.click(sortButton("Accounts"));
        dashboard.await("accounts ascending", d -> !shownProxies().get(0).equals(working));
        dashboard.click(sortButton("Accounts"));
        dashboard.await("accounts descending: the proxy with accounts first", d -> shownProxies().get(0).equals(working));
        assertThat(dashboard.attribute(header("Accounts"), "aria-sort")).isEqualTo("descending");
        assertThat(dashboard.attribute(header("Proxy"), "aria-sort")).isEqualTo("none");
    }

    private static List<String> byPort(List<String> proxies, int order) {
        return proxies.stream().sorted(Comparator.comparingInt((String p) -> order * Integer.parseInt(p.split(":")[1])))
                .toList();
    }

    @Test
    @Order(4)
    void aBulkEditOfManySelectedProxiesIsAppliedAndShowsLive() throws IOException {
        dashboard.type(By.id("list-search"), "127.0.0.1");
        dashboard.click(By.id("list-select-all"));
        dashboard.awaitText(By.id("bulk-selection"), "103 selected");
        dashboard.click(By.cssSelector("input[aria-label='Select " + working + "']"));
        dashboard.click(By.cssSelector("input[aria-label='Select " + refusing + "']"));
        dashboard.awaitText(By.id("bulk-selection"), "101 selected");

        dashboard.choose("bulk-action", "set priority");
        dashboard.click(By.id("bulk-apply"));
        dashboard.awaitText(By.id("bulk-result"), "Not applied: priority must be given");
        assertThat(dashboard.attribute(By.id("bulk-priority"), "aria-invalid")).isEqualTo("true");

        dashboard.choose("bulk-action", "add labels");
        dashboard.type(By.id("bulk-labels"), "closed, batch-7");
        dashboard.click(By.id("bulk-apply"));
        dashboard.awaitText(By.id("bulk-result"), "addLabels: 101 of 101 proxies done");
        dashboard.choose("list-label", "batch-7");
        dashboard.awaitText(By.id("list-caption"), "Proxies (101 of 103)");
        assertThat(closed).contains(shownProxies().get(0));
        assertThat(dashboard.text(cell(closed.get(0), Column.LABELS))).isEqualTo("closed, batch-7");
        assertThat(dashboard.sameDocument()).isTrue();
        dashboard.screenshot("list-3-bulk-labels");
    }

    @Test
    @Order(5)
    void aBulkDeleteNamesTheCountAndTheAccountsThatWillMoveAndWaitsForTheConfirmation() throws IOException {
        dashboard.choose("list-label", "any");
        dashboard.click(By.id("list-clear"));
        dashboard.awaitText(By.id("bulk-selection"), "0 selected");
        dashboard.click(By.cssSelector("input[aria-label='Select " + working + "']"));
        dashboard.click(By.cssSelector("input[aria-label='Select " + refusing + "']"));
        dashboard.awaitText(By.id("bulk-selection"), "2 selected");

        dashboard.choose("bulk-action", "delete");
        dashboard.click(By.id("bulk-apply"));
        dashboard.awaitText(By.id("confirm-text"), "Delete 2 proxies? Their 2 accounts move to other proxies: "
                + String.join(", ", ACCOUNTS) + ".");
        dashboard.screenshot("list-4-delete-confirmation");
        dashboard.click(By.cssSelector("#confirm-dialog button[value=cancel]"));
        dashboard.awaitText(By.id("list-caption"), "Proxies (103 of 103)");

        dashboard.click(By.id("bulk-apply"));
        dashboard.awaitText(By.id("confirm-text"), "Delete 2 proxies?");
        dashboard.click(By.id("confirm-ok"));
        dashboard.awaitText(By.id("bulk-result"), "delete: 2 of 2 proxies done");
        dashboard.awaitText(By.id("list-caption"), "Proxies (101 of 101)");
        assertThat(shownProxies()).doesNotContain(working, refusing);
        assertThat(dashboard.sameDocument()).isTrue();
        dashboard.screenshot("list-5-deleted");
    }

    /** Publishes {@code proxy.used}, as a client of the proxies would. */
    private static void reportUse(long proxyId, UsageOutcome outcome) {
        TestEvents.publish(EventType.PROXY_USED, new UsageData(proxyId, ACCOUNTS.get(0), outcome,
                outcome == UsageOutcome.SUCCESS ? 40L : null, outcome == UsageOutcome.SUCCESS ? null : "Timeout",
                Instant.now()));
    }

    /** The list's columns, numbered as nth-child counts them. */
    private enum Column {
        SELECT, PROXY, HEALTH, FAILURES, LAST_ERROR, SCORE, LATENCY, USES, SUCCESS, LAST_USED, ACCOUNTS, KEYS, MODEL,
        PROVIDER, LOCATION, LABELS, PRIORITY, LAST_ASSIGNED;

        int nth() {
            return ordinal() + 1;
        }
    }

    /** A cell of the row of the proxy at {@code host:port}, on the page shown. */
    private static By cell(String proxy, Column column) {
        return By.xpath("//table[@id='proxy-list']/tbody/tr[td[2][.='" + proxy + "' or .='" + proxy + " (disabled)']]/td["
                + column.nth() + "]");
    }

    private static By header(String name) {
        return By.xpath("//table[@id='proxy-list']//th[button[.='" + name + "']]");
    }

    private static By sortButton(String name) {
        return By.xpath("//table[@id='proxy-list']//th/button[.='" + name + "']");
    }

    /** The proxies of the page shown, in order, as {@code host:port}. */
    private static List<String> shownProxies() {
        return dashboard.texts(By.cssSelector("#proxy-list tbody td:nth-child(2)")).stream()
                .map(text -> text.replace(" (disabled)", "")).collect(Collectors.toList());
    }
}
