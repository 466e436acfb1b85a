package io.launchgraph.app.bench;

import io.launchgraph.app.config.Settings;
import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.embedded.EmbeddedKafka;
import io.launchgraph.app.embedded.EmbeddedRegistry;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.app.streams.CatchUp;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Query latency of the HTTP API, and the demo's time from command to ready, on the real broker and
 * registry. Two instances share one application; the answers live in the single graph task, so
 * one instance answers a launch from its own store (local key) and the other forwards the call
 * (routed key). Each round measures, interleaved, a trivial endpoint of the same HTTP stack
 * ({@code /health/live}, the baseline), local keys and routed keys, so that ratios survive a noisy
 * machine. Writes target/query-latency-report.md.
 *
 * <p>{@code mvn -pl app -am -Pbench-queries verify -DskipTests} (see README).
 */
public final class QueryLatencyReport {
    private static final Pattern READY = Pattern.compile("launchgraph is ready after (\\d+) ms");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final int perRound = Integer.getInteger("bench.requests", 1_000);
    private final Random random = new Random(7);
    private final List<String> report = new ArrayList<>();
    private final List<String> loads = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new QueryLatencyReport().run(Integer.getInteger("bench.milestones", 100_000), Integer.getInteger("bench.demoRuns", 3));
    }

    private void run(int milestones, int demoRuns) throws Exception {
        report.add("# Query latency and demo start-up");
        report.add("");
        report.add(String.format(Locale.ROOT, "%d rounds x %d sequential requests per case, after one warm-up round; "
                + "%d cores, Java %s.", rounds, perRound, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        report.add("");
        demoStartup(demoRuns);

        Path dir = Files.createTempDirectory("launchgraph-bench-");
        Path registryHome = Path.of(System.getProperty("launchgraph.registry.home", "target/apicurio-registry"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                EmbeddedRegistry registry = EmbeddedRegistry.start(registryHome, dir.resolve("registry"))) {
            report.add("| organisation | query | baseline p50 ms | local p50 ms | local p99 ms | routed p50 ms | routed p99 ms | local / baseline | routed / local |");
            report.add("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            measure("demo (" + DemoOrganisation.events().size() + " events)", "demo", DemoOrganisation.events(), kafka, registry, dir);
            GeneratedOrganisation org = new GeneratedOrganisation(milestones, 1);
            List<MilestoneEvent> events = new ArrayList<>(org.initialEvents);
            measure(String.format(Locale.ROOT, "generated, %,d milestones (%,d events)", milestones, events.size()),
                    "generated", events, kafka, registry, dir);
        } finally {
            Utils.delete(dir.toFile());
        }
        report.add("");
        report.add("Queries run on an idle service (nothing being ingested), one at a time.");
        report.add("");
        loads.forEach(l -> report.add("- " + l));
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Path out = Path.of("target", "query-latency-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    /** {@code java -jar target/launchgraph.jar demo}: wall time from the command to its ready line. */
    private void demoStartup(int runs) throws Exception {
        Path jar = Path.of(System.getProperty("launchgraph.jar", "target/launchgraph.jar"));
        if (runs <= 0 || !Files.exists(jar)) {
            report.add("Demo start-up: not measured (" + jar + " missing; `mvn package` builds it).");
            report.add("");
            return;
        }
        long[] wall = new long[runs];
        long[] reported = new long[runs];
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Process demo = new ProcessBuilder(java, "-jar", jar.toString(), "demo", "--http-port", "0").redirectErrorStream(true).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        wall[i] = (System.nanoTime() - start) / 1_000_000;
                        reported[i] = Long.parseLong(m.group(1));
                        break;
                    }
                }
                if (line == null) {
                    throw new IllegalStateException("the demo ended before it was ready (exit " + demo.waitFor() + ")");
                }
                demo.toHandle().destroy();
                // Drain the rest, else a full pipe would hold up its shutdown.
                while (lines.readLine() != null) {
                    // discard
                }
            }
            if (!demo.waitFor(2, TimeUnit.MINUTES)) {
                demo.destroyForcibly();
            }
            System.out.printf(Locale.ROOT, "demo run %d: ready %d ms after the command (%d ms in its own log)%n", i + 1, wall[i], reported[i]);
        }
        report.add(String.format(Locale.ROOT,
                "Demo, command to ready (JVM start, broker, registry, topics, %d events loaded and answered, HTTP up): "
                        + "median %d ms over %d runs (runs: %s ms; the service's own log says %s ms).",
                DemoOrganisation.events().size(), median(wall), runs, Arrays.toString(wall), Arrays.toString(reported)));
        report.add("");
    }

    private void measure(String label, String name, List<MilestoneEvent> events, EmbeddedKafka kafka, EmbeddedRegistry registry, Path dir)
            throws Exception {
        String appId = "bench-" + name;
        System.out.printf(Locale.ROOT, "%s: starting two instances%n", label);
        try (LaunchGraphService a = start(appId, kafka, registry, dir.resolve(name + "-a"));
                LaunchGraphService b = start(appId, kafka, registry, dir.resolve(name + "-b"))) {
            long loadStart = System.nanoTime();
            publish(a.httpUrl(), events);
            LaunchGraphService holder = awaitHolder(a, b);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                new CatchUp(admin, holder.streams().streams(), appId)
                        .await(name + "." + Topics.MILESTONE_EVENTS.name(), Topics.graphEventsTopic(appId), Duration.ofMinutes(20));
            }
            loads.add(String.format(Locale.ROOT, "%s: %,d events posted (POST /events, NDJSON, 20,000 per request), folded and answered in %,d ms.",
                    label, events.size(), (System.nanoTime() - loadStart) / 1_000_000));
            System.out.println(loads.get(loads.size() - 1));
            LaunchGraphService other = holder == a ? b : a;

            List<String> launches = new ArrayList<>();
            List<String> milestones = new ArrayList<>(new LinkedHashSet<>(events.stream()
                    .filter(e -> e.getEvent() instanceof MilestoneDeclared).map(EventRules::entityId).toList()));
            for (String id : milestones) {
                if (id.startsWith("launch-")) {
                    launches.add(id);
                }
            }
            if (System.getProperty("bench.only", "").equals("what-if")) {
                whatIf(label, holder, other, events, launches);
                return;
            }
            row(label, "GET /launches/{id}", holder, other, launches, "/launches/", perRound);
            row(label, "GET /milestones/{id}", holder, other, milestones, "/milestones/", perRound);
            // Lists read a whole store per request: fewer samples.
            for (String list : List.of("/launches?forecast=LATE&sort=slip&limit=50", "/teams?sort=slip")) {
                row(label, "GET " + list, holder, other, List.of(""), list, Math.max(10, perRound / 20));
            }
            // Other times rebuild the answers from the event history: fewer still.
            String middle = events.get(events.size() / 2).getOccurredAt().toString();
            String last = events.stream().map(MilestoneEvent::getOccurredAt).max(Instant::compareTo).orElseThrow().toString();
            row(label, "GET /launches/{id}?asOf=T (T: the last event's instant, the whole history)", holder, other, launches.stream()
                    .map(id -> id + "?asOf=" + last).toList(), "/launches/", Math.max(3, perRound / 200));
            row(label, "GET /changes?since=T (T: the middle event's instant)", holder, other, List.of(""), "/changes?since=" + middle, Math.max(3, perRound / 200));
            whatIf(label, holder, other, events, launches);
            long historyBytes = historyBytes(dir.resolve(name + "-a")) + historyBytes(dir.resolve(name + "-b"));
            loads.add(String.format(Locale.ROOT, "%s: the event history holds about %,d events in %,d bytes of RocksDB files on the instance "
                    + "that holds the graph task (%,.0f bytes per event).", label, historyEvents(holder), historyBytes,
                    historyBytes / (double) Math.max(1, historyEvents(holder))));
        }
    }

    /**
     * What-ifs: a 14-day slip of the milestone (among the most depended on) whose slip moves the
     * number of launches nearest a thousand, timed on the instance with the graph task and on the
     * other; then how long an event takes to reach its answer, with what-ifs running on the graph
     * task's instance and without (what a pause of the graph task would lengthen).
     */
    private void whatIf(String label, LaunchGraphService holder, LaunchGraphService other, List<MilestoneEvent> events, List<String> launches)
            throws Exception {
        java.util.Map<String, Integer> dependents = new java.util.HashMap<>();
        events.stream().filter(e -> e.getEvent() instanceof io.launchgraph.avro.DependencyDeclared)
                .forEach(e -> dependents.merge(((io.launchgraph.avro.DependencyDeclared) e.getEvent()).getDependencyId(), 1, Integer::sum));
        List<String> candidates = dependents.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(30).map(java.util.Map.Entry::getKey).toList();
        String chosen = null;
        int moved = -1;
        for (String m : candidates) {
            HttpResponse<String> r = postWhatIf(holder.httpUrl(), m);
            if (r.statusCode() != 200) {
                continue;
            }
            int n = JSON.readTree(r.body()).path("changed").size();
            if (chosen == null || Math.abs(n - 1000) < Math.abs(moved - 1000)) {
                chosen = m;
                moved = n;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no what-if answered on " + label);
        }
        String slip = chosen;
        List<Long> base = new ArrayList<>();
        List<Long> onHolder = new ArrayList<>();
        List<Long> onOther = new ArrayList<>();
        int samples = Math.max(5, perRound / 50);
        for (int round = 0; round <= rounds; round++) {
            List<Long> b = time(holder.httpUrl(), i -> "/health/live", false, samples);
            List<Long> h = timePosts(holder.httpUrl(), slip, samples);
            List<Long> o = timePosts(other.httpUrl(), slip, samples);
            if (round > 0) {
                base.addAll(b);
                onHolder.addAll(h);
                onOther.addAll(o);
            }
        }
        double baseP50 = percentile(base, 50);
        double holderP50 = percentile(onHolder, 50);
        String line = String.format(Locale.ROOT, "| %s | POST /what-if, slip %s 14 days (%,d launches change) | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |",
                label, slip, moved, baseP50, holderP50, percentile(onHolder, 99), percentile(onOther, 50), percentile(onOther, 99),
                holderP50 / baseP50, percentile(onOther, 50) / holderP50);
        System.out.println(line);
        report.add(line);

        // An event's way to its answer, alone and with what-ifs running beside the graph task.
        String probe = launches.get(0);
        List<Long> quiet = probes(holder, probe, 0, samples * 2);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        Thread load = new Thread(() -> {
            while (running.get()) {
                postWhatIf(holder.httpUrl(), slip);
                asked.incrementAndGet();
            }
        }, "what-if-load");
        load.start();
        List<Long> busy;
        try {
            busy = probes(holder, probe, 1, samples * 2);
        } finally {
            running.set(false);
            load.join();
        }
        loads.add(String.format(Locale.ROOT, "%s: an event's way to its answer (POST /events to GET /launches/{id} showing it): "
                        + "p50 %.1f ms, p99 %.1f ms alone; p50 %.1f ms, p99 %.1f ms while what-ifs ran back to back on the same instance "
                        + "(%d what-ifs during %d events; ratio of p50s %.2f).",
                label, percentile(quiet, 50), percentile(quiet, 99), percentile(busy, 50), percentile(busy, 99), asked.get(), busy.size(),
                percentile(busy, 50) / percentile(quiet, 50)));
        System.out.println(loads.get(loads.size() - 1));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static HttpResponse<String> postWhatIf(String url, String milestone) {
        return send(HttpRequest.newBuilder(URI.create(url + "/what-if")).header("Content-Type", "application/json").timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString("{\"slip\": {\"milestoneId\": \"" + milestone + "\", \"days\": 14}}")).build());
    }

    private static List<Long> timePosts(String url, String milestone, int samples) {
        List<Long> nanos = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = postWhatIf(url, milestone);
            nanos.add(System.nanoTime() - start);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST /what-if answered " + r.statusCode() + ": " + r.body());
            }
        }
        return nanos;
    }

    /** Times {@code samples} renamings of a launch, each from its POST until GET /launches/{id} shows the new name. */
    private static List<Long> probes(LaunchGraphService service, String launch, int series, int samples) throws Exception {
        List<Long> nanos = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            String name = "probe " + series + "-" + i;
            String event = String.format("{\"type\": \"MilestoneDeclared\", \"eventId\": \"probe-%d-%d\", \"occurredAt\": \"%s\", "
                    + "\"source\": \"bench\", \"milestoneId\": \"%s\", \"teamId\": \"team-probe\", \"name\": \"%s\", \"kind\": \"LAUNCH\"}",
                    series, i, Instant.parse("9000-01-01T00:00:00Z").plusSeconds(series * 10_000L + i), launch, name);
            long start = System.nanoTime();
            HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(service.httpUrl() + "/events"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build());
            if (posted.statusCode() != 202) {
                throw new IllegalStateException("POST /events answered " + posted.statusCode() + ": " + posted.body());
            }
            while (!JSON.readTree(send(HttpRequest.newBuilder(URI.create(service.httpUrl() + "/launches/" + launch)).build()).body())
                    .path("name").asText().equals(name)) {
                TimeUnit.MILLISECONDS.sleep(2);
            }
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    private void row(
            String label, String query, LaunchGraphService local, LaunchGraphService routed, List<String> ids, String path, int samples) {
        List<Long> base = new ArrayList<>();
        List<Long> localTimes = new ArrayList<>();
        List<Long> routedTimes = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean warmUp = round == 0;
            List<Long> b = time(local.httpUrl(), i -> "/health/live", false, samples);
            List<Long> l = time(local.httpUrl(), i -> path + pick(ids), true, samples);
            List<Long> r = time(routed.httpUrl(), i -> path + pick(ids), true, samples);
            if (!warmUp) {
                base.addAll(b);
                localTimes.addAll(l);
                routedTimes.addAll(r);
            }
        }
        double baseP50 = percentile(base, 50);
        double localP50 = percentile(localTimes, 50);
        double routedP50 = percentile(routedTimes, 50);
        String line = String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |",
                label, query, baseP50, localP50, percentile(localTimes, 99), routedP50, percentile(routedTimes, 99),
                localP50 / baseP50, routedP50 / localP50);
        System.out.println(line);
        report.add(line);
    }

    private String pick(List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private List<Long> time(String url, IntFunction<String> path, boolean mustFind, int samples) {
        List<Long> nanos = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path.apply(i))).timeout(Duration.ofSeconds(30)).build();
            long start = System.nanoTime();
            HttpResponse<String> response = send(request);
            nanos.add(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        return nanos;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long historyEvents(LaunchGraphService service) {
        return service.streams().store(StateStores.EVENT_HISTORY).approximateNumEntries();
    }

    /** The size of the event history's RocksDB files under an instance's state directory. */
    private static long historyBytes(Path stateDir) {
        try (java.util.stream.Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(f -> f.toString().contains(StateStores.EVENT_HISTORY.name()) && Files.isRegularFile(f))
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LaunchGraphService start(String appId, EmbeddedKafka kafka, EmbeddedRegistry registry, Path state) {
        return LaunchGraphService.start(Settings.load(Map.of(), null, Map.of(), Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "application.id", appId,
                "topic.prefix", appId.substring("bench-".length()) + ".",
                "topic.replication.factor", "1",
                "http.port", "0",
                "state.dir", state.toString(),
                "auto.register.schemas", "true")), LaunchGraphService.Mode.SERVE);
    }

    static void publish(String url, List<MilestoneEvent> events) {
        int batch = 20_000;
        for (int from = 0; from < events.size(); from += batch) {
            String body = String.join("\n", events.subList(from, Math.min(events.size(), from + batch)).stream()
                    .map(e -> EventJson.toJson(e).toString()).toList());
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/events"))
                    .header("Content-Type", "application/x-ndjson").timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("POST /events answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    /** The instance that holds the answers, once the group has settled. */
    private static LaunchGraphService awaitHolder(LaunchGraphService a, LaunchGraphService b) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (StreamsMetadata m : a.streams().streams().streamsMetadataForStore(StateStores.LAUNCH_ANSWERS.name())) {
                for (LaunchGraphService s : List.of(a, b)) {
                    if (m.hostInfo().port() == s.httpPort() && m.stateStoreNames().contains(StateStores.LAUNCH_ANSWERS.name())) {
                        return s;
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("neither instance holds the answers");
    }

    static double percentile(List<Long> nanos, int p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
