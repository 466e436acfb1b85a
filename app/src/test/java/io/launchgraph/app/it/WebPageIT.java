package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser (Debian's chromium through chromedriver, both installed by the
 * build), served by the real service on the real broker with the demo organisation loaded: the
 * list, a launch's graph, a what-if, a live change without a reload, and no console errors.
 * Screenshots of each page land in target/screenshots.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class WebPageIT {
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final String LAUNCH = DemoOrganisation.KNOWN_BLOCKED_LAUNCH;

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
    void shouldShowTheDemoDrawItsGraphsAnswerWhatIfsAndFollowChangesLive(RealKafkaAndRegistry.Infra infra, @TempDir Path state)
            throws Exception {
        // given the service with the demo organisation loaded
        String name = "web-page-it";
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            String body = String.join("\n", DemoOrganisation.events().stream().map(e -> EventJson.toJson(e).toString()).toList());
            assertThat(s.post("/events", "application/x-ndjson", body).status()).isEqualTo(202);
            await("the demo answered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                RunningService.Response r = s.get("/launches?limit=0");
                return r.status() == 200 && r.body().path("counts").path("blocked").asInt() == 19
                        && s.post("/what-if", "application/json", "{\"done\":\"" + DemoOrganisation.SLIPPED_ON_TUESDAY + "\"}").status() == 200;
            });

            launchesPage(s);
            launchPage(s);
            whatIf(s);
            live(s);
            otherPages(s);

            // and nothing went wrong in the page
            List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(severe).as("console errors").isEmpty();
        }
    }

    /** The blocked launches with their forecasts, as the API has them, and the counts on top. */
    private void launchesPage(RunningService s) throws IOException {
        // when
        browser.get(s.url + "/#/launches?blocked=true");
        JsonNode api = s.get("/launches?blocked=true").body();
        waitUntil("the blocked launches listed", () -> rows().size() == api.path("total").asInt());

        // then
        assertThat(api.path("total").asInt()).isEqualTo(19);
        assertThat(browser.findElement(By.cssSelector("#counts [data-count=\"blocked\"]")).getText()).isEqualTo("19");
        for (JsonNode l : api.path("launches")) {
            WebElement row = browser.findElement(By.cssSelector("#launches-table tbody tr[data-launch-id=\"" + l.path("launchId").asText() + "\"]"));
            assertThat(row.findElement(By.cssSelector("td.forecast")).getText()).as(l.path("launchId").asText())
                    .startsWith(forecastText(l.path("forecast")));
            assertThat(row.findElement(By.cssSelector("td.blocked")).getText()).isEqualTo("blocked");
        }
        screenshot("launches");
    }

    /** The cell text of a forecast: "+7d", "never: cycle", "unscheduled", "on time". */
    private static String forecastText(JsonNode f) {
        return switch (f.path("state").asText()) {
            case "LATE" -> "+" + f.path("slipDays").asInt() + "d";
            case "NEVER" -> "never: " + f.path("neverBecause").asText().toLowerCase(java.util.Locale.ROOT);
            case "UNSCHEDULED" -> "unscheduled";
            default -> "on time";
        };
    }

    /** As many graph nodes as the API's subgraph, the critical path highlighted. */
    private void launchPage(RunningService s) throws IOException {
        // when
        browser.get(s.url + "/#/launch/" + LAUNCH);
        waitUntil("the graph drawn", () -> "true".equals(browser.findElement(By.id("graph")).getAttribute("data-ready")));

        // then
        JsonNode graph = s.get("/launches/" + LAUNCH + "/graph").body();
        assertThat(Integer.parseInt(browser.findElement(By.id("graph")).getAttribute("data-node-count"))).isEqualTo(graph.path("nodes").size());
        Set<String> critical = new HashSet<>();
        graph.path("criticalPath").forEach(n -> critical.add(n.asText()));
        assertThat(critical).hasSizeGreaterThan(1);
        @SuppressWarnings("unchecked")
        List<String> highlighted = (List<String>) js("return window.cy.nodes('.critical').map(n => n.id());");
        assertThat(new HashSet<>(highlighted)).isEqualTo(critical);
        screenshot("launch");
    }

    /** Slipping a milestone on the page shows the launches the API says move. */
    private void whatIf(RunningService s) throws IOException {
        // given
        String milestone = DemoOrganisation.SLIPPED_ON_TUESDAY;
        JsonNode api = s.post("/what-if", "application/json", "{\"slip\":{\"milestoneId\":\"" + milestone + "\",\"days\":14}}").body();
        Set<String> moved = new HashSet<>();
        api.path("changed").forEach(c -> moved.add(c.path("launchId").asText()));

        // when
        WebElement pick = browser.findElement(By.id("what-if-milestone"));
        if (pick.getTagName().equals("select")) {
            new Select(pick).selectByValue(milestone);
        } else {
            pick.clear();
            pick.sendKeys(milestone);
        }
        WebElement days = browser.findElement(By.id("what-if-days"));
        days.clear();
        days.sendKeys("14");
        browser.findElement(By.id("what-if-slip")).click();

        // then
        waitUntil("the what-if answered", () -> !whatIfRows().isEmpty());
        Set<String> shown = new HashSet<>();
        whatIfRows().forEach(r -> shown.add(r.getAttribute("data-launch-id")));
        assertThat(moved).isNotEmpty();
        assertThat(shown).isEqualTo(moved);
        screenshot("what-if");
    }

    /** An event changes the open page, without a reload; how long it took is printed, not asserted. */
    private void live(RunningService s) throws IOException {
        // given the list open once every answer so far has reached the live feed, and a mark that a reload would lose
        s.awaitLiveFeedCurrent();
        browser.get(s.url + "/#/launches");
        waitUntil("the list", () -> rows().size() == 20);
        waitUntil("live", () -> browser.findElement(By.id("live-state")).getText().contains("live"));
        js("window.launchgraphTestMark = 'not reloaded';");
        String before = forecastCell(LAUNCH);

        // when the EU datacenter slips 30 more days
        String event = EventJson.toJson(new io.launchgraph.topology.testing.Facts().at(Instant.now().toString())
                .due(DemoOrganisation.SLIPPED_ON_TUESDAY, LocalDate.now().plusDays(120).toString())).toString();
        long sent = System.nanoTime();
        assertThat(s.post("/events", "application/json", event).status()).isEqualTo(202);

        // then the row changes in place, and the page says when it was updated
        waitUntil("the row changed", () -> !forecastCell(LAUNCH).equals(before));
        long millis = (System.nanoTime() - sent) / 1_000_000;
        System.out.printf("WebPageIT: event to changed row in the open page: %d ms%n", millis);
        assertThat(js("return window.launchgraphTestMark;")).isEqualTo("not reloaded");
        assertThat(forecastCell(LAUNCH)).isEqualTo(forecastText(s.get("/launches/" + LAUNCH).body().path("forecast")));
        assertThat(browser.findElement(By.id("updated")).getAttribute("data-updated-at")).isNotBlank();
        screenshot("live");
        Files.writeString(screenshots.resolve("live-latency.txt"), millis + " ms from POST /events to the changed row\n");
    }

    private void otherPages(RunningService s) throws IOException {
        browser.get(s.url + "/#/teams");
        waitUntil("the teams", () -> !browser.findElements(By.cssSelector("main table tbody tr")).isEmpty());
        screenshot("teams");
        browser.get(s.url + "/#/changes?since=7d");
        waitUntil("the changes", () -> !browser.findElements(By.cssSelector("main table tbody tr")).isEmpty());
        screenshot("changes");
        browser.get(s.url + "/#/milestone/" + DemoOrganisation.SLIPPED_ON_TUESDAY);
        // its edges listed, each with "remove this edge" (the heading shows before the data)
        JsonNode milestone = s.get("/milestones/" + DemoOrganisation.SLIPPED_ON_TUESDAY).body();
        int edges = milestone.path("dependencies").size() + milestone.path("dependents").size();
        assertThat(edges).isPositive();
        waitUntil("the milestone", () -> browser.findElements(By.cssSelector("main button.remove-edge")).size() == edges);
        screenshot("milestone");
    }

    private String forecastCell(String launchId) {
        return browser.findElement(By.cssSelector("#launches-table tbody tr[data-launch-id=\"" + launchId + "\"] td.forecast")).getText();
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#launches-table tbody tr[data-launch-id]"));
    }

    private List<WebElement> whatIfRows() {
        return browser.findElements(By.cssSelector("#what-if-result tr[data-launch-id]"));
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
