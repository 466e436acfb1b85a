package io.launchgraph.app.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code java -jar launchgraph.jar demo} as a user starts it: its own process, which starts the
 * embedded broker in its JVM and the schema registry as a child process. Knows its addresses
 * (from its log, as a user reads them), samples the resident memory of the whole process tree
 * every second, and stops everything it started on {@link #close()}.
 */
final class DemoProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("launchgraph is ready after (\\d+) ms: HTTP API at (\\S+)");
    private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap\\.servers = (\\S+)");
    private static final Pattern REGISTRY = Pattern.compile("schema\\.registry\\.url = (\\S+)");
    private static final Duration START = Duration.ofMinutes(3);

    final String url;
    final String bootstrapServers;
    final String registryUrl;
    /** The application id whose consumer group and internal topics are the service's. */
    final String applicationId;
    final Path log;
    private final Process process;
    private final AtomicLong peakRssKb = new AtomicLong();
    private final Thread sampler;
    private volatile boolean sampling = true;

    private DemoProcess(Process process, Path log, String url, String bootstrapServers, String registryUrl, String applicationId) {
        this.process = process;
        this.applicationId = applicationId;
        this.log = log;
        this.url = url;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.sampler = new Thread(this::sample, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Starts the demo with the HTTP write limits off: the freshness part sends 1,000 single
     * events a second from one client, past the default 200 requests a second per client.
     */
    static DemoProcess start(Path jar, Path log, List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "demo", "--http-port", "0",
                "--set", "http.write.rate.per.client=0", "--set", "http.write.rate.total=0"));
        Files.deleteIfExists(log);
        return await(command, log, null, null, LaunchGraphDriver.APPLICATION_ID);
    }

    /**
     * {@code java -jar launchgraph.jar serve} against a broker and registry of its own, with its
     * state in {@code stateDir} (kept across a restart), application id {@code applicationId}.
     */
    static DemoProcess serve(Path jar, Path log, List<String> jvmArgs, String bootstrapServers, String registryUrl, String applicationId,
            Path stateDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--http-port", "0",
                "--bootstrap-servers", bootstrapServers, "--registry-url", registryUrl,
                "--set", "application.id=" + applicationId, "--set", "state.dir=" + stateDir, "--set", "auto.register.schemas=true",
                "--set", "http.write.rate.per.client=0", "--set", "http.write.rate.total=0"));
        return await(command, log, bootstrapServers, registryUrl, applicationId);
    }

    /** Starts {@code command} and waits for its log to say it is ready; the addresses from the log when not given. */
    private static DemoProcess await(List<String> command, Path log, String knownBootstrap, String knownRegistry, String applicationId)
            throws IOException, InterruptedException {
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START.toNanos();
        try {
            while (true) {
                String text = Files.readString(log).substring((int) Math.min(from, Integer.MAX_VALUE));
                Matcher ready = READY.matcher(text);
                if (ready.find()) {
                    Matcher bootstrap = BOOTSTRAP.matcher(text);
                    Matcher registry = REGISTRY.matcher(text);
                    if (knownBootstrap == null && (!bootstrap.find() || !registry.find())) {
                        throw new IllegalStateException("the demo's log in " + log + " does not name its broker and registry");
                    }
                    String b = knownBootstrap != null ? knownBootstrap : bootstrap.group(1);
                    String r = knownRegistry != null ? knownRegistry : registry.group(1);
                    System.out.printf(Locale.ROOT, "  launchgraph (pid %d) ready after %s ms at %s; broker %s, registry %s%n",
                            process.pid(), ready.group(1), ready.group(2), b, r);
                    return new DemoProcess(process, log, ready.group(2), b, r, applicationId);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the demo ended before it was ready (exit " + process.exitValue() + "); see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the demo was not ready after " + START + "; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    long pid() {
        return process.pid();
    }

    /** The sum of VmRSS over the demo and every process under it (the registry), in kB. */
    long rssKb() {
        try (Stream<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants())) {
            return tree.mapToLong(p -> vmRssKb(p.pid())).sum();
        }
    }

    /** The CPU the demo and every process under it have used so far, in clock ticks (utime + stime). */
    long cpuTicks() {
        try (Stream<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants())) {
            return tree.mapToLong(p -> Usage.processTicks(p.pid())).sum();
        }
    }

    /** VmRSS of the demo's own JVM (its broker and the service), without the registry's process. */
    long ownRssKb() {
        return vmRssKb(process.pid());
    }

    /** How many processes the tree holds now (the demo and the registry: 2). */
    long processes() {
        return 1 + process.descendants().count();
    }

    long peakRssKb() {
        return Math.max(peakRssKb.get(), rssKb());
    }

    private void sample() {
        while (sampling) {
            long now = rssKb();
            peakRssKb.accumulateAndGet(now, Math::max);
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        sampling = false;
        sampler.interrupt();
        process.destroyForcibly();
        process.waitFor();
    }

    static long vmRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // The process ended between the listing and the read: it holds no memory.
            return 0;
        }
        return 0;
    }

    /** The sum of {@code kafka_launchgraph_graph_pending_changes} on GET /metrics. */
    double pendingChanges(HttpClient http) throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = Usage.sum(metrics.body(), "kafka_launchgraph_graph_pending_changes", "");
        // No graph task yet (still starting or rebalancing) is not "nothing pending".
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }

    @Override
    public void close() {
        sampling = false;
        sampler.interrupt();
        stop(process);
    }

    /** SIGTERM to the demo (it stops its registry and broker), then SIGKILL to whatever is left. */
    private static void stop(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
