package io.launchgraph.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Drives a running demo from outside, as a user and an operator would: {@code launchgraph publish}
 * in its own process, the Kafka Admin API for the application's committed offsets, and the HTTP
 * API for answers, metrics and query latencies.
 */
final class LaunchGraphDriver {
    /** The demo's application id and input topic (no topic prefix). */
    static final String APPLICATION_ID = "launchgraph-demo";
    static final String INPUT_TOPIC = "milestone-events";
    static final String DEAD_LETTERS = "rejected-events";
    private static final Pattern PUBLISHED = Pattern.compile("published ([\\d,]+) events; refused ([\\d,]+) lines");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long {@link #awaitSettled} waits; {@code -Dbench.settleMinutes} (the scale run may need more, or want less). */
    private static final Duration SETTLE = Duration.ofMinutes(Long.getLong("bench.settleMinutes", 60));
    private static final Set<String> OPEN = Set.of("PLANNED", "IN_PROGRESS", "AT_RISK");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path jar;
    private final int batchSize;

    LaunchGraphDriver(Path jar, int batchSize) {
        this.jar = jar;
        this.batchSize = batchSize;
    }

    /** What {@code publish} said: events published and lines it refused itself, and its wall time. */
    record Published(long events, long refused, long nanos) {}

    /** {@code launchgraph publish FILE} over HTTP (kafka false) or straight to Kafka. */
    Published publish(DemoProcess demo, Path file, boolean kafka, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DemoProcess.javaCommand(), "-jar", jar.toString(), "publish"));
        command.addAll(kafka ? List.of("--kafka", "--bootstrap-servers", demo.bootstrapServers, "--registry-url", demo.registryUrl)
                : List.of("--url", demo.url));
        command.addAll(List.of("--quiet", "--batch-size", Integer.toString(batchSize), file.toString()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        long nanos = System.nanoTime() - start;
        String out = Files.readString(log);
        Matcher m = PUBLISHED.matcher(out);
        // Exit code 1 means "some lines refused", which the file's malformed lines are meant to be.
        if (exit > 1 || !m.find()) {
            throw new IllegalStateException("publish ended with exit code " + exit + "; see " + log);
        }
        return new Published(Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2).replace(",", "")), nanos);
    }

    /**
     * Waits until the answers are correct and settled: the application's group has committed
     * everything in its input topic, then everything in its repartition topics, and the graph task
     * reports no pending change. Returns when that first held.
     */
    long awaitSettled(DemoProcess demo) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long lastProgress = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers))) {
            List<String> internal = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(demo.applicationId + "-") && t.endsWith("-repartition")).sorted().toList();
            while (true) {
                // The input first: the repartition topics are complete only once it is consumed.
                long inputLag = lag(admin, demo.applicationId, List.of(INPUT_TOPIC));
                long internalLag = inputLag > 0 ? -1 : lag(admin, demo.applicationId, internal);
                double pending = inputLag == 0 && internalLag == 0 ? demo.pendingChanges(http) : Double.NaN;
                if (pending == 0) {
                    return System.nanoTime();
                }
                String where = String.format(Locale.ROOT, "input lag %,d, repartition lag %s, pending changes %s",
                        inputLag, internalLag < 0 ? "(after the input)" : String.format(Locale.ROOT, "%,d", internalLag),
                        Double.isNaN(pending) ? "(after the topics)" : String.format(Locale.ROOT, "%,.0f", pending));
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(10)) {
                    lastProgress = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  settling: %s, resident %,d MB%n", where, demo.rssKb() / 1024);
                }
                if (System.nanoTime() > deadline) {
                    throw new NotSettledException("not settled within " + SETTLE.toMinutes() + " min: " + where);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the topics of " + demo.applicationId + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Records the group has not committed past in {@code topics}, as CatchUp counts them: the end
     * is the high watermark (read uncommitted), and a committed offset at or past it is caught up.
     */
    private static long lag(Admin admin, String applicationId, List<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            lag += Math.max(0, end.getValue() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    /** The service did not settle within {@code bench.settleMinutes}; the message says where it stood. */
    static final class NotSettledException extends IllegalStateException {
        NotSettledException(String message) {
            super(message);
        }
    }

    /** The committed records on the dead-letter topic (what the service refused after accepting the send). */
    static long deadLetters(DemoProcess demo) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
            return count;
        }
    }

    /** Every open launch's answer, from GET /launches (all open launches, one page). */
    Map<String, Answers.Answer> answers(DemoProcess demo) throws IOException, InterruptedException {
        JsonNode page = JSON.readTree(get(demo.url + "/launches?limit=1000000").body());
        Map<String, Answers.Answer> answers = new HashMap<>();
        page.path("launches").forEach(l -> answers.put(l.path("launchId").asText(), Answers.Answer.of(l)));
        return answers;
    }

    /**
     * Pairs for {@link Freshness}: a blocked generated launch and one of its direct blockers that
     * exists and is open (so DONE resolves it and AT_RISK blocks again), no launch or milestone twice.
     */
    List<String[]> togglePairs(DemoProcess demo, List<String> generated, int max) throws IOException, InterruptedException {
        Set<String> ours = new HashSet<>(generated);
        Set<String> used = new HashSet<>();
        List<String[]> pairs = new ArrayList<>();
        for (JsonNode l : JSON.readTree(get(demo.url + "/launches?blocked=true&limit=1000000").body()).path("launches")) {
            String launch = l.path("launchId").asText();
            if (pairs.size() == max || !ours.contains(launch)) {
                continue;
            }
            for (JsonNode b : l.path("directBlockers")) {
                String m = b.path("milestoneId").asText();
                if (OPEN.contains(b.path("reason").asText()) && !used.contains(m)) {
                    used.add(m);
                    pairs.add(new String[] {launch, m});
                    break;
                }
            }
        }
        return pairs;
    }

    /** Query latencies and the /health/live baseline, measured in the same rounds. */
    record QueryTimes(Latencies baseline, Latencies one, Latencies all, Latencies team, long allBytes, int allBlocked,
            Latencies compact, long compactBytes, Latencies readyBytes) {}

    /** The dashboard's form of the same list: {@code fields=} keeps three fields of each launch. */
    static final String COMPACT_FIELDS = "launchId,blocked,forecast";

    /**
     * Rounds of: the baseline, one launch, all blocked launches with full answers, a team's
     * blocked launches; the first round warms up and is not counted.
     */
    QueryTimes queries(DemoProcess demo, List<String> openLaunches, List<String> teams, int rounds, int one, int lists, int team)
            throws IOException, InterruptedException {
        Random random = new Random(7);
        Latencies baseline = new Latencies();
        Latencies oneTimes = new Latencies();
        Latencies allTimes = new Latencies();
        Latencies teamTimes = new Latencies();
        Latencies compactTimes = new Latencies();
        long compactBytes = 0;
        long bytes = 0;
        int blocked = 0;
        byte[] lastList = new byte[0];
        for (int round = 0; round <= rounds; round++) {
            boolean counted = round > 0;
            System.out.printf(Locale.ROOT, "  queries, round %d of %d%s%n", round, rounds, counted ? "" : " (warm-up)");
            timed(demo.url + "/health/live", one / rounds, counted ? baseline : null);
            for (int i = 0; i < one / rounds; i++) {
                timedOnce(demo.url + "/launches/" + openLaunches.get(random.nextInt(openLaunches.size())), counted ? oneTimes : null);
            }
            for (int i = 0; i < Math.max(1, lists / rounds); i++) {
                HttpResponse<String> r = timedOnce(demo.url + "/launches?blocked=true&limit=100000", counted ? allTimes : null);
                lastList = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes = lastList.length;
                blocked = JSON.readTree(r.body()).path("total").asInt();
                HttpResponse<String> c = timedOnce(demo.url + "/launches?blocked=true&limit=100000&fields=" + COMPACT_FIELDS,
                        counted ? compactTimes : null);
                compactBytes = c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
            for (int i = 0; i < team / rounds; i++) {
                timedOnce(demo.url + "/teams/" + teams.get(random.nextInt(teams.size())) + "/blocking", counted ? teamTimes : null);
            }
        }
        Latencies ready = readyBytes(lastList, rounds, lists);
        return new QueryTimes(baseline, oneTimes, allTimes, teamTimes, bytes, blocked, compactTimes, compactBytes, ready);
    }

    /**
     * The floor under the list of all blocked launches on this machine: the same bytes, held ready
     * in memory by the JDK's own HTTP server in this JVM, fetched by the same client as often
     * (after a warm-up round). What the service adds to a list is its time minus this one.
     */
    private Latencies readyBytes(byte[] body, int rounds, int lists) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ready", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ready";
            Latencies times = new Latencies();
            for (int round = 0; round <= rounds; round++) {
                for (int i = 0; i < Math.max(1, lists / rounds); i++) {
                    timedOnce(url, round > 0 ? times : null);
                }
            }
            return times;
        } finally {
            server.stop(0);
        }
    }

    private void timed(String url, int times, Latencies into) throws IOException, InterruptedException {
        for (int i = 0; i < times; i++) {
            timedOnce(url, into);
        }
    }

    private HttpResponse<String> timedOnce(String url, Latencies into) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        if (into != null) {
            into.add(nanos);
        }
        return response;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return timedOnce(url, null);
    }
}
