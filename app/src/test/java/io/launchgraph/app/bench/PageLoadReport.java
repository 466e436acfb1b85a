package io.launchgraph.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.embedded.EmbeddedKafka;
import io.launchgraph.app.embedded.EmbeddedRegistry;
import io.launchgraph.app.it.Chromium;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.app.streams.CatchUp;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How the web page behaves on a big organisation: the time from asking for a page in a real
 * browser (Debian's chromium) until it shows its data, for the launches list and for the launch
 * with the biggest blocking graph, at {@code bench.milestones} (10k launches at 100k), against
 * the same pages on the demo organisation in the same run. A report, not a test.
 * {@code mvn -pl app -am -Pbench-page verify -DskipTests}; written to app/target/page-load-report.md.
 */
public final class PageLoadReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration PAGE = Duration.ofMinutes(2);

    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final List<String> report = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new PageLoadReport().run(Integer.getInteger("bench.milestones", 100_000));
    }

    private record Timings(List<Long> list, List<Long> blockedBySlip, List<Long> graph, List<Long> api, List<Long> graphApi, String launch,
            int nodes, int launches) {}

    private void run(int milestones) throws Exception {
        Path dir = Files.createTempDirectory("launchgraph-page-bench-");
        Path registryHome = Path.of(System.getProperty("launchgraph.registry.home", "target/apicurio-registry"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                EmbeddedRegistry registry = EmbeddedRegistry.start(registryHome, dir.resolve("registry"))) {
            Timings demo = measure("demo", DemoOrganisation.events(), kafka, registry, dir);
            Timings big = measure("generated", new GeneratedOrganisation(milestones, 1).initialEvents, kafka, registry, dir);
            report.add("# The web page on a big organisation");
            report.add("");
            report.add(String.format(Locale.ROOT, "Chromium %s headless, %d rounds after one warm-up; %d cores. Time from asking for the page "
                    + "(a fresh navigation) until it shows its data: the list's first 50 rows with the counts, or the graph laid out.",
                    "(Debian)", rounds, Runtime.getRuntime().availableProcessors()));
            report.add("");
            report.add("| page | demo (" + demo.launches() + " launches) p50 / p99 ms | generated, " + String.format(Locale.ROOT, "%,d", milestones)
                    + " milestones (" + String.format(Locale.ROOT, "%,d", big.launches()) + " open launches) p50 / p99 ms | ratio of p50s |");
            report.add("|---|---:|---:|---:|");
            row("launches, first page (`#/launches`)", demo.list(), big.list());
            row("blocked launches by slip (`#/launches?blocked=true&sort=slip`)", demo.blockedBySlip(), big.blockedBySlip());
            row("a launch's graph: demo " + demo.launch() + " (" + demo.nodes() + " nodes), generated " + big.launch() + " (" + big.nodes()
                    + " nodes, the biggest of the 20 launches with the most root blockers)", demo.graph(), big.graph());
            row("of which the API: `GET /launches?offset=0&limit=50` alone", demo.api(), big.api());
            row("of which the API: `GET /launches/{id}/graph` of that launch alone", demo.graphApi(), big.graphApi());
        } finally {
            Utils.delete(dir.toFile());
        }
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Path out = Path.of("target", "page-load-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    private void row(String page, List<Long> demo, List<Long> big) {
        report.add(String.format(Locale.ROOT, "| %s | %.0f / %.0f | %.0f / %.0f | %.1f |", page, QueryLatencyReport.percentile(demo, 50),
                QueryLatencyReport.percentile(demo, 99), QueryLatencyReport.percentile(big, 50), QueryLatencyReport.percentile(big, 99),
                QueryLatencyReport.percentile(big, 50) / QueryLatencyReport.percentile(demo, 50)));
    }

    private Timings measure(String name, List<MilestoneEvent> events, EmbeddedKafka kafka, EmbeddedRegistry registry, Path dir) throws Exception {
        String appId = "bench-" + name;
        try (LaunchGraphService service = QueryLatencyReport.start(appId, kafka, registry, dir.resolve(name))) {
            String url = service.httpUrl();
            System.out.printf(Locale.ROOT, "%s: publishing %,d events%n", name, events.size());
            QueryLatencyReport.publish(url, events);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                new CatchUp(admin, service.streams().streams(), appId)
                        .await(name + "." + Topics.MILESTONE_EVENTS.name(), Topics.graphEventsTopic(appId), Duration.ofMinutes(20));
            }
            awaitSettled(url);
            JsonNode all = get(url + "/launches?limit=1000000");
            List<JsonNode> launches = new ArrayList<>();
            all.path("launches").forEach(launches::add);
            launches.sort(Comparator.comparingInt((JsonNode l) -> -l.path("rootBlockers").size()));
            String biggest = null;
            int nodes = -1;
            for (JsonNode l : launches.subList(0, Math.min(20, launches.size()))) {
                JsonNode graph = awaitGraph(url, l.path("launchId").asText());
                if (graph.path("nodes").size() > nodes) {
                    nodes = graph.path("nodes").size();
                    biggest = l.path("launchId").asText();
                }
            }
            String launch = biggest;
            System.out.printf(Locale.ROOT, "%s: %,d open launches; biggest graph %s with %d nodes%n", name, launches.size(), launch, nodes);
            ChromeDriver browser = Chromium.start(Files.createTempDirectory(dir, "profile-"));
            try {
                List<Long> list = time(browser, url + "/#/launches", d -> !d.findElements(By.cssSelector("#launches-table tbody tr[data-launch-id]")).isEmpty()
                        && !d.findElement(By.cssSelector("#counts [data-count=\"blocked\"]")).getText().isBlank());
                List<Long> slip = time(browser, url + "/#/launches?blocked=true&sort=slip",
                        d -> !d.findElements(By.cssSelector("#launches-table tbody tr[data-launch-id]")).isEmpty());
                List<Long> graph = time(browser, url + "/#/launch/" + launch,
                        d -> "true".equals(d.findElement(By.id("graph")).getAttribute("data-ready")));
                List<Long> api = new ArrayList<>();
                List<Long> graphApi = new ArrayList<>();
                for (int i = 0; i <= rounds * 4; i++) {
                    long start = System.nanoTime();
                    get(url + "/launches?offset=0&limit=50");
                    long middle = System.nanoTime();
                    get(url + "/launches/" + launch + "/graph");
                    if (i > 0) {
                        api.add(middle - start);
                        graphApi.add(System.nanoTime() - middle);
                    }
                }
                return new Timings(list, slip, graph, api, graphApi, launch, nodes, launches.size());
            } finally {
                browser.quit();
            }
        }
    }

    /** Fresh navigations (from a blank page, so nothing of the last one stays), the first one a warm-up. */
    private List<Long> time(ChromeDriver browser, String page, Function<WebDriver, Boolean> shown) {
        List<Long> nanos = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            browser.get("about:blank");
            long start = System.nanoTime();
            browser.get(page);
            new WebDriverWait(browser, PAGE).ignoring(RuntimeException.class).until(shown::apply);
            long took = System.nanoTime() - start;
            if (round > 0) {
                nanos.add(took);
            }
        }
        System.out.printf(Locale.ROOT, "%s: p50 %.0f ms%n", page, QueryLatencyReport.percentile(nanos, 50));
        return nanos;
    }

    /**
     * Until the graph task has nothing left to recompute (its pending-changes metric at 0) and the
     * number of open launches stays the same for 5 s: pages timed while answers still pour in
     * would measure the flood of live changes, not the page.
     */
    private static void awaitSettled(String url) {
        long[] last = {-1, System.nanoTime()};
        org.awaitility.Awaitility.await("the answers settled").atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            boolean idle = metrics.lines().filter(l -> l.startsWith("kafka_launchgraph_graph_pending_changes"))
                    .allMatch(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) == 0);
            long open = get(url + "/launches?limit=0").path("total").asLong();
            if (open != last[0] || !idle) {
                last[0] = open;
                last[1] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - last[1] > Duration.ofSeconds(5).toNanos();
        });
    }

    /** A launch's graph, once the what-if replica has read the organisation (503 until then). */
    private static JsonNode awaitGraph(String url, String launch) throws Exception {
        URI uri = URI.create(url + "/launches/" + launch + "/graph");
        HttpResponse<String> r = org.awaitility.Awaitility.await("the graph of " + launch).atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()), a -> a.statusCode() != 503);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET graph of " + launch + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
