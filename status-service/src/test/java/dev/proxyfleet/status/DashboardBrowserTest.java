package dev.proxyfleet.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.localinfra.DebianPackages;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestTokens;
import dev.proxyfleet.localinfra.FreePorts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium: it shows the fleet, takes a health change from Kafka without reloading (and
 * redraws only the changed row), previews an import of a dropped file, shows and removes a proxy's API keys, and
 * shows a provider's outage, and our egress down, in a banner while it lasts. The preview goes to
 * {@link FakeInventory}, which answers with a dry-run report of inventory-service's shape (inventory-service itself is not running in these
 * tests). Screenshots go to {@code target/screenshots/}. system-tests' {@code OperatorDashboardIT} drives the page
 * against the whole fleet.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@TestProfile(DashboardBrowserTest.WithFakeInventory.class)
class DashboardBrowserTest {

    /** A system property, not a static field: the profile and the test may run in different class loaders. */
    private static final String INVENTORY_PORT = "status.test.fake-inventory-port";
    private static FakeInventory inventory;
    private static WebDriver browser;

    /** Points the page's inventory URL at the fake. */
    public static class WithFakeInventory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("status.ui.inventory-url", "http://127.0.0.1:" + inventoryPort());
        }
    }

    private static synchronized int inventoryPort() {
        if (System.getProperty(INVENTORY_PORT) == null) {
            System.setProperty(INVENTORY_PORT, Integer.toString(FreePorts.next()));
        }
        return Integer.parseInt(System.getProperty(INVENTORY_PORT));
    }

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() throws IOException {
        Optional<Path> chromium = DebianPackages.ensure("chromium", "chromium");
        Optional<Path> driver = DebianPackages.ensure("chromedriver", "chromium-driver");
        Assumptions.assumeTrue(chromium.isPresent(), () -> DebianPackages.missingMessage("chromium", "chromium"));
        Assumptions.assumeTrue(driver.isPresent(), () -> DebianPackages.missingMessage("chromedriver", "chromium-driver"));
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        inventory = new FakeInventory(inventoryPort());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (inventory != null) {
            inventory.close();
        }
    }

    /** Waits; a row a WebSocket delta replaced while it was being read is looked up again. */
    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static String text(String css) {
        return waiting().until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    private static Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void dashboardShowsAHealthChangeWithoutReloadAndPreviewsADroppedFile() throws IOException {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        long other = Events.proxy(location, null);
        Events.awaitProxies(location, 2);
        browser.get(page.toString());
        String row = "#proxies tr[data-id='" + id + "']";
        String otherRow = "#proxies tr[data-id='" + other + "']";
        waiting().until(d -> d.findElements(By.cssSelector(row + ", " + otherRow)).size() == 2);
        assertThat(text(row + " .badge")).isEqualTo("testing");
        script("window.sameDocument = true; document.querySelector(arguments[0]).untouched = true;", otherRow);

        Events.health(id, HealthState.HEALTHY, 27, 93, 0);

        waiting().until(d -> "healthy".equals(d.findElement(By.cssSelector(row + " .badge")).getText()));
        assertThat(text(row)).contains("27 ms").contains(location);
        assertThat(script("return window.sameDocument")).isEqualTo(true);
        assertThat(script("return document.querySelector(arguments[0]).untouched", otherRow))
                .as("a delta about one proxy leaves the other rows as they are").isEqualTo(true);
        assertThat(text("#overall")).matches("(HEALTHY|DEGRADED) — \\d+ of \\d+ proxies healthy|ERROR — all proxies down, requests will fail");
        assertThat(text("#connection")).startsWith("Live");
        screenshot("dashboard");

        browser.findElement(By.id("token")).sendKeys(TestTokens.OPERATOR);
        browser.findElement(By.cssSelector("#token-form button")).click();
        browser.findElement(By.cssSelector("nav a[href='#import']")).click();
        // A file dropped on the text area, as the browser delivers it: its preview comes without a click.
        script("const file = new DataTransfer(); file.items.add(new File([arguments[0]], 'proxies.txt'));"
                + "document.getElementById('import-text').dispatchEvent(new DragEvent('drop', {dataTransfer: file}));",
                "10.0.0.1:3128\n10.0.0.2:3128:alice:s3cret\n10.0.0.3:99999");

        waiting().until(d -> d.findElements(By.cssSelector("#import-results tbody tr")).size() == 3);
        assertThat(text("#import-summary")).isEqualTo("Preview: 3 lines — 2 valid, 0 duplicates, 1 invalid.");
        assertThat(text("#import-results tbody tr:nth-child(3)")).contains("invalid").contains("port must be between");
        assertThat(browser.findElement(By.id("import-confirm")).isEnabled()).isTrue();
        assertThat(inventory.requests()).singleElement().asString()
                .startsWith("Bearer " + TestTokens.OPERATOR + " | dryRun=true | 10.0.0.1:3128\n");
        screenshot("import-preview");
    }

    @Test
    void keysViewShowsAProxysKeysWithTheirExhaustionAndRemovesOne() throws IOException {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        Events.health(id, HealthState.HEALTHY, 12, 95, 0);
        ApiKeyData key = Events.key(id, "ui-pool");
        Events.awaitStatus(location, s -> s.getInt("proxies[0].keys") == 1);
        Instant until = Instant.now().plus(1, ChronoUnit.HOURS);
        RestAssured.given().header("Authorization", "Bearer " + TestTokens.CONSUMER).contentType("application/json")
                .body(Map.of("until", until.toString())).post("/api/keys/{id}/exhausted", key.id()).then().statusCode(204);
        inventory.answerKeys("[{\"id\":" + key.id() + ",\"proxyId\":" + id + ",\"name\":\"" + key.name()
                + "\",\"pool\":\"ui-pool\",\"version\":1}]");

        browser.get(page.toString());
        browser.findElement(By.id("token")).sendKeys(TestTokens.OPERATOR);
        browser.findElement(By.cssSelector("#token-form button")).click();
        String row = "#proxies tr[data-id='" + id + "']";
        // the viewer's view (after the token), which names the host and carries the keys' exhaustion
        waiting().until(d -> d.findElement(By.cssSelector(row)).getText().contains("keys 1/2")
                && d.findElement(By.cssSelector(row)).getText().contains("127.9."));
        browser.findElement(By.cssSelector(row + " button[aria-label^='Keys']")).click();

        waiting().until(d -> d.findElements(By.cssSelector("#key-table tbody tr")).size() == 1);
        assertThat(text("#keys-title")).endsWith("(1 of 2)");
        assertThat(text("#key-table tbody tr")).contains(key.name()).contains("ui-pool").doesNotContain("–");
        screenshot("keys");
        browser.findElement(By.cssSelector("#key-table tbody button")).click();
        browser.findElement(By.id("confirm-ok")).click();

        waiting().until(d -> inventory.keyRequests().contains("DELETE /api/proxies/" + id + "/keys/" + key.id()));
    }

    @Test
    void bannerListsAProviderInOutageLiveAndGoesWhenItEnds() throws IOException {
        String name = "Banner-" + Events.nextId();
        long provider = Events.provider(name, "1.00");
        browser.get(page.toString());
        waiting().until(d -> d.findElement(By.id("connection")).getText().startsWith("Live"));

        TestEvents.publish(EventType.PROVIDER_OUTAGE_STARTED, new ProviderOutageData(provider, 0.8, Instant.now()));

        waiting().until(d -> d.findElement(By.id("outages")).getText().contains(name));
        assertThat(text("#outages")).contains(name + " (80 % of its proxies failing since").endsWith("Their accounts stay put.");
        screenshot("provider-outage");

        TestEvents.publish(EventType.PROVIDER_OUTAGE_ENDED, new ProviderOutageData(provider, 0.2, Instant.now()));

        waiting().until(d -> !d.findElement(By.id("outages")).getText().contains(name));
    }

    @Test
    void bannerAndHeaderSayOurEgressIsDownLiveUntilItIsRestored() throws IOException {
        browser.get(page.toString());
        waiting().until(d -> d.findElement(By.id("connection")).getText().startsWith("Live"));
        Instant down = Instant.now();

        TestEvents.publish(EventType.EGRESS_DOWN, new EgressData(0.95, down));
        try {
            waiting().until(d -> d.findElement(By.id("outages")).getText().startsWith("Our egress is down"));
            assertThat(text("#overall")).endsWith("our egress is down: proxies fail, none is ejected");
            screenshot("egress-down");
        } finally {
            TestEvents.publish(EventType.EGRESS_RESTORED, new EgressData(0.1, down.plusSeconds(1)));
        }

        waiting().until(d -> !d.findElement(By.id("outages")).getText().contains("egress"));
    }
}
