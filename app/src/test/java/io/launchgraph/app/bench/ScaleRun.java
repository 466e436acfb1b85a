package io.launchgraph.app.bench;

import io.launchgraph.app.embedded.EmbeddedKafka;
import io.launchgraph.app.embedded.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * Issue 12's scale run: a file of the generated organisation ({@code -Pbench-generate}, by default
 * 1M milestones and 10M events) sent with {@code launchgraph publish --kafka} into one launchgraph
 * instance ({@code serve}, its own process) on a single-node KRaft broker and the schema registry,
 * each in its own process. Measures the send, the time until the answers are settled, the
 * resident memory of the three processes, then {@code kill -9} of the instance and the time until
 * its restart answers again, settled and the same as before the kill (state restored from the
 * changelogs). Writes {@code target/scale-report.md}. A report, not a test.
 */
public final class ScaleRun {
    private static final String APPLICATION_ID = "launchgraph-scale";
    /** The answers compared before and after the kill: every open launch in the compact form. */
    private static final String ANSWERS = "/launches?limit=10000000&fields=launchId,blocked,directBlockers,rootBlockers,forecast";

    private final Path target = Path.of(System.getProperty("bench.target", "target")).toAbsolutePath();
    private final Path jar = target.resolve("launchgraph.jar");
    private final Path file = Path.of(System.getProperty("bench.file", target.resolve("organisation-1000000.jsonl").toString())).toAbsolutePath();
    private final List<String> instanceJvm = words(System.getProperty("bench.instance.jvmArgs", ""));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Long> otherPids = new ArrayList<>();
    private final AtomicLong peakRssKb = new AtomicLong();
    private volatile DemoProcess instance;

    private ScaleRun() {}

    public static void main(String[] args) throws Exception {
        new ScaleRun().run();
    }

    private void run() throws Exception {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: make it with -Pbench-generate -Dbench.milestones=1000000 -Dbench.events=10000000");
        }
        Path dir = Files.createTempDirectory("launchgraph-scale");
        List<Process> started = new ArrayList<>();
        Thread sampler = new Thread(this::sample, "rss-sampler");
        sampler.setDaemon(true);
        // Ctrl-C or a killed Maven must not leave a broker, a registry and a big instance behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DemoProcess i = instance;
            if (i != null) {
                i.close();
            }
            started.forEach(Process::destroyForcibly);
        }, "scale-run-cleanup"));
        try {
            System.out.printf(Locale.ROOT, "scale run: %s (%,d MB) in %s%n", file, Files.size(file) >> 20, dir);
            String bootstrap = startBroker(dir, started);
            String registry = startRegistry(dir, started);
            Path state = dir.resolve("state");
            Path log = target.resolve("scale-instance.log");
            Files.deleteIfExists(log);
            instance = DemoProcess.serve(jar, log, instanceJvm, bootstrap, registry, APPLICATION_ID, state);
            sampler.start();
            LaunchGraphDriver driver = new LaunchGraphDriver(jar, Integer.getInteger("bench.batchSize", 5_000));

            // the send and the settling
            LaunchGraphDriver.Published sent = driver.publish(instance, file, true, target.resolve("scale-publish.log"));
            long sentAt = System.nanoTime();
            System.out.printf(Locale.ROOT, "  published %,d events (refused %,d lines) in %,d s: %,.0f events/s; waiting until settled%n",
                    sent.events(), sent.refused(), sent.nanos() / 1_000_000_000, sent.events() / (sent.nanos() / 1e9));
            long settle;
            try {
                settle = driver.awaitSettled(instance) - sentAt;
            } catch (LaunchGraphDriver.NotSettledException e) {
                // At 1M milestones on 2 cores it did not (docs/performance.md, "Scale"): say where it stood.
                notSettled(sent, e.getMessage(), System.nanoTime() - sentAt);
                return;
            }
            long rssSettled = rssKb();
            peakRssKb.accumulateAndGet(rssSettled, Math::max);
            String before = digest(instance.url);
            System.out.printf(Locale.ROOT, "  settled %,d s after the send (%,.0f events/s end to end); resident %,d MB (3 processes), peak %,d MB; answers %s%n",
                    settle / 1_000_000_000, sent.events() / ((sent.nanos() + settle) / 1e9), rssSettled >> 10, peakRssKb.get() >> 10, before);

            // kill -9 and back
            long peakBeforeKill = peakRssKb.get();
            long killedAt = System.nanoTime();
            instance.kill();
            System.out.println("  instance killed (SIGKILL); starting it again on the same state directory");
            instance = DemoProcess.serve(jar, log, instanceJvm, bootstrap, registry, APPLICATION_ID, state);
            long readyAfter = System.nanoTime() - killedAt;
            long back = driver.awaitSettled(instance) - killedAt;
            String after = digest(instance.url);
            System.out.printf(Locale.ROOT, "  ready %,d s and settled %,d s after the kill; answers %s (%s)%n",
                    readyAfter / 1_000_000_000, back / 1_000_000_000, after, after.equals(before) ? "the same" : "DIFFERENT");
            write(sent, settle, rssSettled, peakBeforeKill, readyAfter, back, before, after);
        } finally {
            if (instance != null) {
                instance.close();
            }
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            // The broker's logs hold the whole file again, and more: gigabytes.
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String startBroker(Path dir, List<Process> started) throws IOException, InterruptedException {
        Path logDir = dir.resolve("kraft-logs");
        EmbeddedKafka.format(logDir, EmbeddedKafka.NODE_ID, Uuid.randomUuid().toString());
        int port = FreePort.pick();
        Properties props = EmbeddedKafka.brokerProperties(logDir, port, FreePort.pick());
        Path config = dir.resolve("broker.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "launchgraph scale run: the demo's broker settings");
        }
        Process broker = new ProcessBuilder(DemoProcess.javaCommand(), "-Xmx1g", "-cp", jar + ":" + target.resolve("lib") + "/*", "kafka.Kafka",
                config.toString()).redirectErrorStream(true).redirectOutput(target.resolve("scale-broker.log").toFile()).start();
        started.add(broker);
        otherPids.add(broker.pid());
        String bootstrap = "127.0.0.1:" + port;
        awaitPort(port, broker, "the broker");
        System.out.printf(Locale.ROOT, "  broker (pid %d) at %s%n", broker.pid(), bootstrap);
        return bootstrap;
    }

    private String startRegistry(Path dir, List<Process> started) throws IOException, InterruptedException {
        Path runner;
        try (Stream<Path> files = Files.list(target.resolve("apicurio-registry"))) {
            runner = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + target.resolve("apicurio-registry")));
        }
        int port = FreePort.pick();
        Process registry = new ProcessBuilder(DemoProcess.javaCommand(), "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + FreePort.pick(),
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + dir.resolve("registry-db"),
                "-Dregistry.rules.global.compatibility=BACKWARD", "-jar", runner.toString())
                .redirectErrorStream(true).redirectOutput(target.resolve("scale-registry.log").toFile()).start();
        started.add(registry);
        otherPids.add(registry.pid());
        String url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!registry.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the registry did not start; see " + target.resolve("scale-registry.log"));
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
        System.out.printf(Locale.ROOT, "  registry (pid %d) at %s%n", registry.pid(), url);
        return url;
    }

    private static void awaitPort(int port, Process process, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " did not start", e);
                }
                TimeUnit.MILLISECONDS.sleep(300);
            }
        }
    }

    /** The SHA-256 of every open launch's compact answer, as the list serves it (sorted by id). */
    private String digest(String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url + ANSWERS)).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + ANSWERS + " answered " + response.statusCode());
        }
        try (InputStream in = response.body()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long bytes = 0;
            String head = null;
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (head == null) {
                    head = new String(buffer, 0, Math.min(n, 200), StandardCharsets.UTF_8);
                }
                sha.update(buffer, 0, n);
                bytes += n;
            }
            Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(head == null ? "" : head);
            return HexFormat.of().formatHex(sha.digest(), 0, 6) + String.format(Locale.ROOT, " of %,d open launches (%,d kB)",
                    total.find() ? Long.parseLong(total.group(1)) : -1, bytes >> 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rssKb() {
        DemoProcess i = instance;
        long sum = i == null ? 0 : i.rssKb();
        for (long pid : otherPids) {
            sum += DemoProcess.vmRssKb(pid);
        }
        return sum;
    }

    private void sample() {
        while (true) {
            peakRssKb.accumulateAndGet(rssKb(), Math::max);
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void notSettled(LaunchGraphDriver.Published sent, String where, long waited) {
        publish(String.join("\n",
                "# Scale run (" + Instant.now() + "): not settled",
                "",
                "`" + file.getFileName() + "`: " + String.format(Locale.ROOT, "%,d", sent.events()) + " events published with `publish --kafka` "
                        + "into one `serve` instance (JVM options: `" + String.join(" ", instanceJvm) + "`).",
                "",
                String.format(Locale.ROOT, "- send: %,d s (%,.0f events/s)", sent.nanos() / 1_000_000_000, sent.events() / (sent.nanos() / 1e9)),
                String.format(Locale.ROOT, "- %s, %,d s after the send (`-Dbench.settleMinutes`)", where, waited / 1_000_000_000),
                String.format(Locale.ROOT, "- resident memory of the 3 processes: %,d MB now, %,d MB at the peak", rssKb() >> 10, peakRssKb.get() >> 10),
                "- no `kill -9`: a restart of an unsettled instance would not say how long the way back to correct answers takes",
                ""));
    }

    private void write(LaunchGraphDriver.Published sent, long settle, long rssSettled, long peak, long readyAfter, long back,
            String before, String after) {
        publish(String.join("\n",
                "# Scale run (" + Instant.now() + ")",
                "",
                "`" + file.getFileName() + "`: " + String.format(Locale.ROOT, "%,d", sent.events()) + " events published with `publish --kafka` "
                        + "into one `serve` instance (JVM options: `" + String.join(" ", instanceJvm) + "`), a single-node KRaft broker "
                        + "and the registry, each its own process.",
                "",
                "| | measured |",
                "|---|---|",
                String.format(Locale.ROOT, "| send | %,d s (%,.0f events/s) |", sent.nanos() / 1_000_000_000, sent.events() / (sent.nanos() / 1e9)),
                String.format(Locale.ROOT, "| settled after the send | %,d s |", settle / 1_000_000_000),
                String.format(Locale.ROOT, "| send to correct answers | %,d s (%,.0f events/s) |", (sent.nanos() + settle) / 1_000_000_000,
                        sent.events() / ((sent.nanos() + settle) / 1e9)),
                String.format(Locale.ROOT, "| resident memory of the 3 processes, settled / peak | %,d / %,d MB |", rssSettled >> 10, peak >> 10),
                String.format(Locale.ROOT, "| `kill -9` of the instance to ready again / to settled again | %,d / %,d s |",
                        readyAfter / 1_000_000_000, back / 1_000_000_000),
                "| answers before and after the kill | " + before + "; " + after + (before.equals(after) ? " (the same)" : " (DIFFERENT)") + " |",
                ""));
    }

    /** The report to {@code target/scale-report.md} and to standard output. */
    private void publish(String report) {
        try {
            Files.writeString(target.resolve("scale-report.md"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(report);
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
