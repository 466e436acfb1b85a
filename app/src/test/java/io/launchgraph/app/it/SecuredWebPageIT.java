package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.json.EventJson;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in chromium against a service with tokens: it asks for a token once, shows the
 * data after a read token is given, keeps it across a reload, and follows changes live.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class SecuredWebPageIT {
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final String LAUNCH = DemoOrganisation.KNOWN_BLOCKED_LAUNCH;
    private static final String READ = "page-read-" + UUID.randomUUID();
    private static final String WRITE = "page-write-" + UUID.randomUUID();

    private ChromeDriver browser;
    private final Path screenshots = Path.of(System.getProperty("launchgraph.test.screenshots", "target/screenshots"));

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        browser = Chromium.start(profile);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldAskForTheTokenOnceThenShowTheDataAndFollowChangesLive(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws Exception {
        // given the service with tokens and the demo organisation loaded
        String name = "secured-page-" + UUID.randomUUID().toString().substring(0, 8);
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of("http.tokens", "read:" + READ + ",write:" + WRITE))) {
            s.callingWith(new ApiClient(s.url).withToken(WRITE));
            String body = String.join("\n", DemoOrganisation.events().stream().map(e -> EventJson.toJson(e).toString()).toList());
            assertThat(s.post("/events", "application/x-ndjson", body).status()).isEqualTo(202);
            await("the demo answered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                RunningService.Response r = s.get("/launches?limit=0");
                return r.status() == 200 && r.body().path("counts").path("blocked").asInt() == 19;
            });
            s.awaitLiveFeedCurrent();

            // when the page opens
            browser.get(s.url + "/#/launches?blocked=true");

            // then it asks for a token and shows no data
            waitUntil("the sign-in form", () -> browser.findElement(By.id("sign-in")).isDisplayed());
            assertThat(rows()).isEmpty();
            screenshot("sign-in");

            // when a wrong token is given, then it says so and asks again
            signIn("guess-" + READ);
            waitUntil("the refusal", () -> browser.findElement(By.id("sign-in-status")).getText().contains("refused"));
            assertThat(rows()).isEmpty();

            // when the read token is given, then the blocked launches show
            signIn(READ);
            waitUntil("the blocked launches listed", () -> rows().size() == 19);
            assertThat(browser.findElements(By.id("sign-in"))).isEmpty();
            waitUntil("live", () -> browser.findElement(By.id("live-state")).getText().contains("live"));

            // and when the page is loaded again, it does not ask again
            browser.get(s.url + "/#/launches");
            browser.navigate().refresh();
            waitUntil("the open launches listed", () -> rows().size() == 20);
            assertThat(browser.findElements(By.id("sign-in"))).isEmpty();
            waitUntil("live again", () -> browser.findElement(By.id("live-state")).getText().contains("live"));
            js("window.launchgraphTestMark = 'not reloaded';");
            String before = forecastCell(LAUNCH);

            // and when the EU datacenter slips, the row changes in place: the live stream carries the token too
            String event = EventJson.toJson(new io.launchgraph.topology.testing.Facts().at(Instant.now().toString())
                    .due(DemoOrganisation.SLIPPED_ON_TUESDAY, LocalDate.now().plusDays(120).toString())).toString();
            assertThat(s.post("/events", "application/json", event).status()).isEqualTo(202);
            waitUntil("the row changed", () -> !forecastCell(LAUNCH).equals(before));
            assertThat(js("return window.launchgraphTestMark;")).isEqualTo("not reloaded");
            assertThat(browser.findElements(By.id("sign-in"))).isEmpty();
            screenshot("signed-in-live");

            // and the page's scripts never see the token (it lives in an HttpOnly cookie)
            assertThat(String.valueOf(js("return document.cookie;"))).doesNotContain(READ);
            assertThat(String.valueOf(js("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage);"))).doesNotContain(READ);
            // and nothing went wrong but the refusals the page answered by asking for a token
            List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .filter(e -> !e.getMessage().contains("401 (Unauthorized)"))
                    .toList();
            assertThat(severe).as("console errors").isEmpty();
        }
    }

    private void signIn(String token) {
        WebElement input = browser.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
    }

    private String forecastCell(String launchId) {
        return browser.findElement(By.cssSelector("#launches-table tbody tr[data-launch-id=\"" + launchId + "\"] td.forecast")).getText();
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#launches-table tbody tr[data-launch-id]"));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, PAGE).withMessage(what).ignoring(RuntimeException.class).until(d -> condition.getAsBoolean());
    }

    private void screenshot(String page) throws IOException {
        Files.createDirectories(screenshots);
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), screenshots.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
