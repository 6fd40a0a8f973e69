package dev.proxyfleet.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in headless Chromium, seen as an operator sees it: sections, fields, buttons named by their labels, the
 * proxies table. Screenshots go to {@code target/screenshots/}.
 */
final class Dashboard implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final WebDriver browser;

    private Dashboard(WebDriver browser) {
        this.browser = browser;
    }

    /** Opens the page and waits until it follows the fleet live. */
    static Dashboard open(Path chromium, Path chromedriver, String url) {
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        Dashboard dashboard = new Dashboard(new ChromeDriver(service, options));
        dashboard.browser.get(url);
        dashboard.await("the live connection", d -> d.findElement(By.id("connection")).getText().startsWith("Live"));
        // Gone if the page ever reloads: everything below must arrive over the WebSocket.
        dashboard.script("window.sameDocument = true");
        return dashboard;
    }

    /** Enters the API token in the field at the top, as run.sh tells the user to. */
    void useToken(String token) {
        type(By.id("token"), token);
        browser.findElement(By.cssSelector("#token-form button")).click();
        await("the token taken", d -> d.findElement(By.id("token-state")).getText().equals("token set"));
    }

    /** Follows the navigation link to a section: dashboard, import, add, providers or models (assignments). */
    void go(String section) {
        browser.findElement(By.cssSelector("nav a[href='#" + section + "']")).click();
        await("the " + section + " section", d -> d.findElement(By.id(section)).isDisplayed());
    }

    void type(By field, String text) {
        WebElement element = browser.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    /** Chooses an option of a select by its text, once it is offered (some come from the services). */
    void choose(String selectId, String option) {
        By offered = By.xpath("//select[@id='" + selectId + "']/option[.='" + option + "']");
        await("'" + option + "' offered in " + selectId, d -> !d.findElements(offered).isEmpty());
        new Select(browser.findElement(By.id(selectId))).selectByVisibleText(option);
    }

    void click(By element) {
        await("a click on " + element, d -> {
            d.findElement(element).click();
            return true;
        });
    }

    /** Clicks the button whose accessible name is this, e.g. {@code Edit 127.0.0.1:1080}. */
    void press(String name) {
        click(By.cssSelector("button[aria-label='" + name + "']"));
    }

    /** Answers the browser's prompt. */
    void answer(String text) {
        Alert prompt = new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys(text);
        prompt.accept();
    }

    String text(By element) {
        return waiting().until(d -> d.findElement(element).getText());
    }

    /** The text of every element found, e.g. of one column of the proxies table. */
    List<String> texts(By elements) {
        return waiting().until(d -> d.findElements(elements).stream().map(WebElement::getText).toList());
    }

    /** What a field holds now. */
    String value(By field) {
        return browser.findElement(field).getDomProperty("value");
    }

    String attribute(By element, String name) {
        return browser.findElement(element).getDomAttribute(name);
    }

    boolean exists(By element) {
        return !browser.findElements(element).isEmpty();
    }

    static By row(long proxyId) {
        return By.cssSelector("#proxies tr[data-id='" + proxyId + "']");
    }

    /** One cell of a proxy's row: 1 proxy, 2 health, … 6 model, 7 provider, 8 location, 9 priority. */
    static By cell(long proxyId, int column) {
        return By.cssSelector("#proxies tr[data-id='" + proxyId + "'] td:nth-child(" + column + ")");
    }

    /** Waits until the condition holds; {@code what} names it in the failure. */
    void await(String what, Function<WebDriver, Boolean> condition) {
        await(what, PATIENCE, condition);
    }

    /** Waits up to {@code patience}, for what happens on a timer rather than in answer to the test. */
    void await(String what, Duration patience, Function<WebDriver, Boolean> condition) {
        waiting(patience).withMessage("waiting for " + what).until(condition::apply);
    }

    private WebDriverWait waiting() {
        return waiting(PATIENCE);
    }

    /** A wait that looks an element up again when a WebSocket delta replaced it while it was being read. */
    private WebDriverWait waiting(Duration patience) {
        WebDriverWait wait = new WebDriverWait(browser, patience);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Waits until the element's text contains {@code expected}; a timeout says what the element showed last. */
    void awaitText(By element, String expected) {
        String[] last = {"(no such element)"};
        try {
            await("'" + expected + "' in " + element, d -> {
                List<WebElement> found = d.findElements(element);
                last[0] = found.isEmpty() ? "(no such element)" : found.get(0).getText();
                return last[0].contains(expected);
            });
        } catch (TimeoutException e) {
            throw new TimeoutException(e.getMessage() + "; it showed: '" + last[0] + "'", e);
        }
    }

    /** Whether this is still the document opened first: no reload happened. */
    boolean sameDocument() {
        return Boolean.TRUE.equals(script("return window.sameDocument === true"));
    }

    Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        browser.quit();
    }
}
