package io.launchgraph.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Collectors;

/**
 * Issue 12's table in one run: launchgraph as a user runs it (the demo jar, fed by
 * {@code launchgraph publish} over HTTP and over Kafka) side by side with what a team would build
 * instead (PostgreSQL 15, last-writer-wins upserts, answers computed on read), on the same
 * generated organisation, with the answers checked identical. Writes target/comparison-report.md.
 * A report, not a test: nothing fails on a number.
 *
 * <p>{@code mvn -pl app -am -Pbench-compare verify -DskipTests} (see README); {@code
 * -Dbench.only=http,kafka,queries,freshness,postgres} runs some parts only.
 */
public final class ComparisonReport {
    private static final double TARGET_EVENTS_PER_SECOND = 110_000;
    private static final double TARGET_ONE_P99_MS = 0.7;
    private static final double TARGET_ALL_MS = 65;
    private static final double TODAY_TEAM_P99_MS = 5.8;
    private static final double TARGET_VISIBLE_P99_MS = 150;
    private static final long TARGET_RSS_KB = 1024 * 1024;

    private final int milestones = Integer.getInteger("bench.milestones", 100_000);
    private final long events = Long.getLong("bench.events", 1_000_000);
    private final Set<String> only = parts(System.getProperty("bench.only", ""));
    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final int oneRequests = Integer.getInteger("bench.requests", 2_000);
    private final int listRequests = Integer.getInteger("bench.listRequests", 20);
    private final int teamRequests = Integer.getInteger("bench.teamRequests", 500);
    private final int rate = Integer.getInteger("bench.rate", 1_000);
    private final int quietEvents = Integer.getInteger("bench.quietEvents", 100);
    private final int freshBatchMillis = Integer.getInteger("bench.freshBatchMs", 0);
    private final Duration freshFor = Duration.ofSeconds(Integer.getInteger("bench.freshSeconds", 30));
    private final Path jar = Path.of(System.getProperty("launchgraph.jar", "target/launchgraph.jar"));
    private final Path target = Path.of(System.getProperty("bench.dir", "target"));
    private final List<String> demoJvm = Arrays.stream(System.getProperty("bench.demo.jvmArgs", "").split("\\s+"))
            .filter(s -> !s.isBlank()).toList();
    private final LaunchGraphDriver driver = new LaunchGraphDriver(jar, Integer.getInteger("bench.batch", 5_000));
    /** What must be stopped if the run is interrupted: the demos and PostgreSQL. */
    private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();

    private ComparisonEvents.Written input;
    private Ingest http;
    private Ingest kafka;
    private LaunchGraphDriver.QueryTimes lgQueries;
    private Usage.Window queryCost;
    private Freshness.Result fresh;
    private final Map<Freshness.Phase, Usage.Sample> freshMarks = new EnumMap<>(Freshness.Phase.class);
    private PostgresBaseline.Load pgLoad;
    private PostgresBaseline.QueryTimes pgQueries;
    private Latencies pgWrites;
    private String pgVersion = "";
    private final List<String> comparisons = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** One launchgraph ingest: what publish said, the send and settle times, memory, and dead letters. */
    record Ingest(LaunchGraphDriver.Published published, long settleNanos, long peakRssKb, long endRssKb, long processes, long deadLetters,
            Map<String, Answers.Answer> answers, Usage.Window cost, Memory memory) {
        double eventsPerSecond() {
            return published.events() / ((published.nanos() + settleNanos) / 1e9);
        }

        /** The same ingest with the demo's memory as it ended. */
        Ingest ended(long peak, long end, Memory ended) {
            return new Ingest(published, settleNanos, peak, end, processes, deadLetters, answers, cost, ended);
        }
    }

    /** The demo's memory at the end of a run: its own JVM's resident set and heap, and the registry's process. */
    record Memory(long ownRssKb, long registryRssKb, Usage.Sample heap) {
        static Memory of(DemoProcess demo, Usage.Sample heap) {
            long own = demo.ownRssKb();
            return new Memory(own, demo.rssKb() - own, heap);
        }
    }

    public static void main(String[] args) throws Exception {
        new ComparisonReport().run();
    }

    private static Set<String> parts(String list) {
        Set<String> all = Set.of("http", "kafka", "queries", "freshness", "postgres");
        Set<String> chosen = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        if (!all.containsAll(chosen)) {
            throw new IllegalArgumentException("bench.only takes some of " + all + ", not " + list);
        }
        return chosen.isEmpty() ? all : chosen;
    }

    private void run() throws Exception {
        Thread stopper = new Thread(this::stopAll, "stop-bench-processes");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            Files.createDirectories(target);
            long start = System.nanoTime();
            System.out.printf(Locale.ROOT, "Generating %,d milestones, %,d events ...%n", milestones, events);
            input = ComparisonEvents.write(milestones, events, target.resolve("comparison-events.jsonl"));
            System.out.printf(Locale.ROOT, "  %s: %,d lines (%,d re-sends, %,d conflicting, %,d malformed) in %,d ms%n", input.file(),
                    input.lines(), input.resends(), input.conflicts(), input.malformed(), (System.nanoTime() - start) / 1_000_000);
            // Each part on its own: one that fails is said in the report, and the others still run.
            if (only.contains("http") || only.contains("queries") || only.contains("freshness")) {
                part("launchgraph over HTTP", this::launchgraphOverHttp);
            }
            if (only.contains("kafka")) {
                part("launchgraph over Kafka", () -> kafka = ingest(true, "kafka"));
            }
            if (only.contains("postgres")) {
                part("PostgreSQL", this::postgres);
            }
            compareAnswers();
            write();
        } finally {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
    }

    private interface Part {
        void run() throws Exception;
    }

    private void part(String name, Part part) {
        try {
            part.run();
        } catch (Exception e) {
            failed(name, e);
        }
    }

    /** A part that failed: said in the report, and the run goes on with the next part. */
    private void failed(String part, Exception e) {
        String line = "- " + part + " failed: " + e;
        System.out.println(line);
        failures.add(line);
    }

    private void stopAll() {
        AutoCloseable c;
        while ((c = running.pollLast()) != null) {
            try {
                c.close();
            } catch (Exception e) {
                System.out.println("stopping " + c + ": " + e.getMessage());
            }
        }
    }

    /** A fresh demo, the file published over HTTP, then (on the settled service) queries and freshness. */
    private void launchgraphOverHttp() throws Exception {
        try (DemoProcess demo = startDemo("http")) {
            http = ingest(demo, false);
            List<String> generated = input.launches();
            List<String> open = generated.stream().filter(http.answers()::containsKey).toList();
            if (only.contains("queries")) {
                System.out.println("launchgraph: query latencies on the settled service");
                try {
                    Usage.Sample before = Usage.take(demo);
                    lgQueries = driver.queries(demo, open, input.teams(), rounds, oneRequests, listRequests, teamRequests);
                    queryCost = Usage.between(before, Usage.take(demo));
                } catch (RuntimeException | IOException e) {
                    failed("launchgraph's queries", e);
                }
            }
            if (only.contains("freshness")) {
                List<String[]> pairs = driver.togglePairs(demo, generated, 10_000);
                System.out.printf(Locale.ROOT, "launchgraph: event to visible answer, %,d events/s for %d s over %,d launch and milestone pairs%n",
                        rate, freshFor.toSeconds(), pairs.size());
                try {
                    fresh = new Freshness(freshBatchMillis, phase -> freshMarks.put(phase, Usage.take(demo))).run(demo.url, pairs, quietEvents, rate, freshFor);
                } catch (RuntimeException e) {
                    failed("launchgraph's event to visible answer", e);
                }
            }
            if (fresh != null) {
                System.out.printf(Locale.ROOT, "  quiet, one at a time: %,d seen, p50/p99 %s%n", fresh.quiet().count(), fresh.quiet().both());
                System.out.printf(Locale.ROOT, "  %,d sent (%.0f/s), %,d seen, p50/p99 %s (the POSTs to their 202: %s); %,d not seen, %,d refused; "
                        + "%,d answers changed on the stream (%.1f per event)%n", fresh.sent(), fresh.rate(), fresh.visible().count(), fresh.visible().both(),
                        fresh.accepted().both(), fresh.notSeen(), fresh.refused(), fresh.changes(), fresh.changesPerEvent());
            }
            // Last, as it stops the demo's JVM for a full collection: nothing of this demo is timed after it.
            Memory memory = Memory.of(demo, Usage.afterFullCollection(demo));
            http = http.ended(demo.peakRssKb(), demo.rssKb(), memory);
        }
    }

    private Ingest ingest(boolean overKafka, String name) throws Exception {
        try (DemoProcess demo = startDemo(name)) {
            Ingest in = ingest(demo, overKafka);
            return in.ended(in.peakRssKb(), in.endRssKb(), Memory.of(demo, Usage.afterFullCollection(demo)));
        }
    }

    private DemoProcess startDemo(String name) throws Exception {
        System.out.printf(Locale.ROOT, "launchgraph (%s): starting a fresh demo from %s%n", name, jar);
        DemoProcess demo = DemoProcess.start(jar, target.resolve("comparison-demo-" + name + ".log"), demoJvm);
        running.add(demo);
        return demo;
    }

    private Ingest ingest(DemoProcess demo, boolean overKafka) throws Exception {
        String how = overKafka ? "kafka" : "http";
        System.out.printf(Locale.ROOT, "  publish %s %s%n", overKafka ? "--kafka" : "--url " + demo.url, input.file());
        Usage.Sample before = Usage.take(demo);
        LaunchGraphDriver.Published p = driver.publish(demo, input.file(), overKafka, target.resolve("comparison-publish-" + how + ".log"));
        long sent = System.nanoTime();
        System.out.printf(Locale.ROOT, "  published %,d events (refused %,d lines) in %,d ms: %,.0f events/s; waiting until settled%n",
                p.events(), p.refused(), p.nanos() / 1_000_000, p.events() / (p.nanos() / 1e9));
        long settled = driver.awaitSettled(demo) - sent;
        Usage.Window cost = Usage.between(before, Usage.take(demo));
        long endRss = demo.rssKb();
        long dead = LaunchGraphDriver.deadLetters(demo);
        Map<String, Answers.Answer> answers = driver.answers(demo);
        Ingest ingest = new Ingest(p, settled, demo.peakRssKb(), endRss, demo.processes(), dead, answers, cost, null);
        System.out.printf(Locale.ROOT, "  settled %,d ms after the send: %,.0f events/s end to end; %,d dead letters; %,d open launches; "
                + "resident %,d MB (peak %,d MB)%n", settled / 1_000_000, ingest.eventsPerSecond(), dead, answers.size(), endRss / 1024,
                ingest.peakRssKb() / 1024);
        return ingest;
    }

    private void postgres() throws Exception {
        System.out.println("PostgreSQL: starting a fresh server");
        PostgresBaseline pg = PostgresBaseline.startIfInstalled();
        if (pg == null) {
            return;
        }
        running.add(pg);
        try (pg) {
            pgVersion = pg.version();
            pgLoad = pg.load(input.file());
            System.out.printf(Locale.ROOT, "  loaded %,d events (refused %,d lines) in %,d ms: %,.0f events/s%n", pgLoad.events(), pgLoad.refused(),
                    pgLoad.totalNanos() / 1_000_000, pgLoad.events() / (pgLoad.totalNanos() / 1e9));
            long start = System.nanoTime();
            Map<String, Answers.Answer> answers = pg.answers();
            System.out.printf(Locale.ROOT, "  answers of %,d open launches in %,d ms%n", answers.size(), (System.nanoTime() - start) / 1_000_000);
            pgAnswers = answers;
            if (only.contains("queries")) {
                List<String> open = input.launches().stream().filter(answers::containsKey).toList();
                // Fewer list requests than for launchgraph: each takes seconds here.
                pgQueries = pg.queries(open, input.teams(), rounds, oneRequests, Math.min(listRequests, 10), Math.min(teamRequests, 50));
            }
            if (only.contains("freshness")) {
                pgWrites = pg.singleWrites(input.launches(), oneRequests);
            }
            pgPssKb = pg.pssKb();
        } finally {
            running.remove(pg);
        }
    }

    private Map<String, Answers.Answer> pgAnswers;
    private long pgPssKb = -1;

    private void compareAnswers() {
        List<String> launches = input.launches();
        Ingest lg = http != null ? http : kafka;
        if (lg != null && pgAnswers != null) {
            comparisons.add(line("PostgreSQL", "launchgraph (" + (lg == http ? "HTTP" : "Kafka") + " run)",
                    Answers.compare(launches, pgAnswers, "PostgreSQL", lg.answers(), "launchgraph")));
        }
        if (http != null && kafka != null) {
            comparisons.add(line("launchgraph's HTTP run", "its Kafka run", Answers.compare(launches, http.answers(), "HTTP", kafka.answers(), "Kafka")));
        }
        comparisons.forEach(System.out::println);
    }

    private static String line(String left, String right, Answers.Comparison c) {
        String head = String.format(Locale.ROOT, "- %s and %s: %,d generated launches compared (blocked, direct blocker ids, root blocker ids), "
                + "%,d differ.", left, right, c.compared(), c.differ());
        return c.differ() == 0 ? head : head + " First differences:\n" + c.firstDifferences().stream().map(d -> "  - " + d)
                .collect(Collectors.joining("\n"));
    }

    private void write() throws IOException {
        String text = new ReportText(this).render();
        Path out = target.resolve("comparison-report.md");
        Files.writeString(out, text);
        System.out.println();
        System.out.println(text);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    /** The Markdown of the report, from what the run measured. */
    private static final class ReportText {
        private final ComparisonReport r;
        private final List<String> out = new ArrayList<>();

        ReportText(ComparisonReport r) {
            this.r = r;
        }

        String render() {
            out.add("# launchgraph side by side with PostgreSQL");
            out.add("");
            out.add(String.format(Locale.ROOT, "`GeneratedOrganisation(%,d, 42)`: %,d lines in `%s` (%,d launches; the events that build it, "
                    + "then its everyday changes, shuffled; %,d re-sends, %,d conflicting events, %,d malformed lines).",
                    r.milestones, r.input.lines(), r.input.file().getFileName(), r.input.launches().size(), r.input.resends(),
                    r.input.conflicts(), r.input.malformed()));
            out.add("");
            table();
            out.add("");
            obstacles();
            ratios();
            out.add("");
            out.add("## Answers");
            out.add("");
            out.addAll(r.comparisons.isEmpty() ? List.of("- Not compared (a side was skipped).") : r.comparisons);
            out.add("");
            if (!r.failures.isEmpty()) {
                out.add("## Parts that failed");
                out.add("");
                out.addAll(r.failures);
                out.add("");
            }
            notes();
            return String.join("\n", out) + "\n";
        }

        private void table() {
            out.add("| | PostgreSQL | launchgraph | target | met? |");
            out.add("| --- | --- | --- | --- | --- |");
            String pgIngest = r.pgLoad == null ? "-" : String.format(Locale.ROOT, "%,.0f ev/s (COPY %.1f s + merge %.1f s)",
                    r.pgLoad.events() / (r.pgLoad.totalNanos() / 1e9), r.pgLoad.copyNanos() / 1e9, r.pgLoad.mergeNanos() / 1e9);
            for (Ingest in : Arrays.asList(r.http, r.kafka)) {
                if (in == null) {
                    continue;
                }
                LaunchGraphDriver.Published p = in.published();
                out.add(String.format(Locale.ROOT, "| ingest over %s, send to correct answers | %s | %,.0f ev/s (%.1f s send at %,.0f ev/s, then %.1f s "
                        + "to settle) | at least 110k ev/s | %s |", in == r.http ? "HTTP" : "Kafka", pgIngest, in.eventsPerSecond(), p.nanos() / 1e9,
                        p.events() / (p.nanos() / 1e9), in.settleNanos() / 1e9, met(in.eventsPerSecond() >= TARGET_EVENTS_PER_SECOND)));
            }
            LaunchGraphDriver.QueryTimes q = r.lgQueries;
            PostgresBaseline.QueryTimes pq = r.pgQueries;
            if (q != null) {
                out.add(String.format(Locale.ROOT, "| one launch, p50 / p99 | %s | %s | p99 under 0.7 ms | %s |",
                        pq == null ? "-" : pq.one().both(), q.one().both(), met(q.one().p99() < TARGET_ONE_P99_MS)));
                out.add(String.format(Locale.ROOT, "| all %,d blocked launches, full answers, median / p99 | %s | %s (%.1f MB of JSON) | under 65 ms | %s |",
                        q.allBlocked(), pq == null ? "-" : pq.all().both() + " (direct and roots only)", q.all().both(), q.allBytes() / 1e6,
                        met(q.all().p50() < TARGET_ALL_MS)));
                out.add(String.format(Locale.ROOT, "| the same list in a dashboard's form (`fields=%s`), median / p99 | - | %s (%.1f MB of JSON) | under 65 ms | %s |",
                        LaunchGraphDriver.COMPACT_FIELDS, q.compact().both(), q.compactBytes() / 1e6, met(q.compact().p50() < TARGET_ALL_MS)));
                out.add(String.format(Locale.ROOT, "| a team's blocked launches, p50 / p99 | %s | %s | keep (5.8 ms p99 in the issue) | %s |",
                        pq == null ? "-" : pq.team().both(), q.team().both(), met(q.team().p99() <= TODAY_TEAM_P99_MS)));
            }
            if (r.fresh != null) {
                out.add(String.format(Locale.ROOT, "| event to visible answer on a quiet system (%,d events one at a time), p50 / p99 | %s | %s "
                        + "| tens of milliseconds | %s |", r.fresh.quiet().count(), r.pgWrites == null ? "-" : "0 (computed on read)",
                        r.fresh.quiet().both(), met(r.fresh.quiet().p99() < 100)));
                out.add(String.format(Locale.ROOT, "| event to visible answer, p50 / p99, at a steady %,.0f ev/s | %s | %s | p99 under 150 ms | %s |",
                        r.fresh.rate(), r.pgWrites == null ? "-" : "0 (computed on read; the upsert's commit " + r.pgWrites.both() + ")",
                        r.fresh.visible().both(), met(r.fresh.visible().p99() < TARGET_VISIBLE_P99_MS)));
            }
            for (Ingest in : Arrays.asList(r.http, r.kafka)) {
                if (in != null) {
                    out.add(String.format(Locale.ROOT, "| resident memory, all %d processes of the demo (%s run): peak / settled at the end | %s | "
                            + "%,d / %,d MB | under 1 GB together | %s |", in.processes(), in == r.http ? "HTTP" : "Kafka",
                            r.pgPssKb < 0 ? "-" : String.format(Locale.ROOT, "%,d MB (PSS of all its processes, at the end)", r.pgPssKb / 1024),
                            in.peakRssKb() / 1024,
                            in.endRssKb() / 1024, met(in.peakRssKb() < TARGET_RSS_KB)));
                }
            }
        }

        /**
         * For each target not met, what the same run measured about why: the CPU the phase took
         * (the demo's processes and the whole machine), the collector's pauses, the baselines.
         */
        private void obstacles() {
            List<String> lines = new ArrayList<>();
            ingestObstacles(lines);
            queryObstacles(lines);
            freshnessObstacles(lines);
            memoryObstacles(lines);
            if (!lines.isEmpty()) {
                out.add("## What stands in the way, measured in this run");
                out.add("");
                out.addAll(lines);
                out.add("");
            }
        }

        private void ingestObstacles(List<String> lines) {
            int cores = Runtime.getRuntime().availableProcessors();
            for (Ingest in : Arrays.asList(r.http, r.kafka)) {
                if (in != null && in.cost() != null && in.eventsPerSecond() < TARGET_EVENTS_PER_SECOND) {
                    Usage.Window w = in.cost();
                    double perEvent = w.demoCpuSeconds() * 1e6 / in.published().events();
                    double budget = cores * 1e6 / TARGET_EVENTS_PER_SECOND;
                    lines.add(String.format(Locale.ROOT, "- **Ingest over %s** (%,.0f of 110k events/s): from the first event sent to settled (%.1f s) "
                            + "the demo's processes used %.1f s of CPU, %.2f of the machine's %d cores on average (the whole machine %.2f: the rest is "
                            + "`publish` and the benchmark), %.0f µs of the demo's CPU per event; the collector paused it %s. 110k events/s on %d "
                            + "cores leaves %.1f µs of CPU per event for everything, the client included: the demo alone used %.1f times that.",
                            in == r.http ? "HTTP" : "Kafka", in.eventsPerSecond(), w.seconds(), w.demoCpuSeconds(), w.demoCores(), cores,
                            w.machineCores(), perEvent, pauses(w), cores, budget, perEvent / budget));
                }
            }
        }

        private void queryObstacles(List<String> lines) {
            LaunchGraphDriver.QueryTimes q = r.lgQueries;
            if (q != null) {
                String during = r.queryCost == null ? "" : String.format(Locale.ROOT, " During the query rounds (%.0f s) the demo's processes used %.2f "
                        + "cores on average, the whole machine %.2f, and the collector paused the demo %s.", r.queryCost.seconds(),
                        r.queryCost.demoCores(), r.queryCost.machineCores(), pauses(r.queryCost));
                if (q.one().p99() >= TARGET_ONE_P99_MS) {
                    lines.add(String.format(Locale.ROOT, "- **One launch** (p99 %s ms of 0.7): the baseline `GET /health/live`, which reads no store, had "
                            + "p99 %s ms in the same rounds, %.1f times the target: on these shared cores the round trip itself (the client, "
                            + "loopback, the server's threads), not the look-up, sets the p99 (one launch's p50 is %.1f times the baseline's).%s",
                            Latencies.format(q.one().p99()), Latencies.format(q.baseline().p99()), q.baseline().p99() / TARGET_ONE_P99_MS,
                            q.one().p50() / q.baseline().p50(), during));
                }
                if (q.all().p50() >= TARGET_ALL_MS && q.readyBytes() != null && q.readyBytes().count() > 0) {
                    Latencies ready = q.readyBytes();
                    lines.add(String.format(Locale.ROOT, "- **All blocked launches, full answers** (median %s ms of 65, %.1f MB): the same bytes, held "
                            + "ready in memory by the JDK's HTTP server in the benchmark's JVM and read by the same client, took %s (median / p99): "
                            + "the transfer and the client's decoding of that many bytes %s the target by themselves; the service adds %s ms at the "
                            + "median (gathering %,d answers kept ready and writing them). The dashboard's form (`fields=`) meets it.",
                            Latencies.format(q.all().p50()), q.allBytes() / 1e6, ready.both(), ready.p50() >= TARGET_ALL_MS ? "miss" : "leave room for",
                            Latencies.format(q.all().p50() - ready.p50()), q.allBlocked()));
                }
                if (q.team().p99() > TODAY_TEAM_P99_MS) {
                    lines.add(String.format(Locale.ROOT, "- **A team's blocked launches** (p99 %s ms, 5.8 in the issue): p50 %s ms, %.1f times the "
                            + "baseline's; the p99 is %.1f times the baseline's p99 (%s ms) in the same rounds: the slowest requests are the "
                            + "machine's, not the look-up's.%s", Latencies.format(q.team().p99()), Latencies.format(q.team().p50()),
                            q.team().p50() / q.baseline().p50(), q.team().p99() / q.baseline().p99(), Latencies.format(q.baseline().p99()), during));
                }
            }
        }

        private void freshnessObstacles(List<String> lines) {
            Freshness.Result f = r.fresh;
            Usage.Sample quiet = r.freshMarks.get(Freshness.Phase.QUIET);
            Usage.Sample steady = r.freshMarks.get(Freshness.Phase.STEADY);
            Usage.Sample drained = r.freshMarks.get(Freshness.Phase.DRAINED);
            if (f != null && quiet != null && steady != null && f.quiet().p99() >= 100) {
                Usage.Window w = Usage.between(quiet, steady);
                lines.add(String.format(Locale.ROOT, "- **Event to visible, quiet** (p50 / p99 %s): the POST until its 202 (the event checked and "
                        + "committed to Kafka) took %s of it; the rest is the stream (the fold, the derivation, the exactly-once commit, the "
                        + "stream to the reader). In the quiet phase (%.0f s) the demo used %.2f cores on average and the collector paused it %s.",
                        f.quiet().both(), f.quietAccepted().both(), w.seconds(), w.demoCores(), pauses(w)));
            }
            if (f != null && steady != null && drained != null && f.visible().p99() >= TARGET_VISIBLE_P99_MS && f.changes() > 0) {
                Usage.Window w = Usage.between(steady, drained);
                double cpuPerAnswerMs = w.demoCpuSeconds() * 1000 / f.changes();
                double needed = 1_000 * f.changesPerEvent() * cpuPerAnswerMs / 1000;
                int cores = Runtime.getRuntime().availableProcessors();
                lines.add(String.format(Locale.ROOT, "- **Event to visible, steady** (p99 %s ms at %,.0f events/s): each event sent changed %.1f "
                        + "answers on the stream (every launch that waits on the toggled milestone). From the first steady event to the end "
                        + "of the drain (%.0f s) the demo's processes used %.1f s of CPU (%.2f of %d cores; the whole machine %.2f, the rest the "
                        + "benchmark's client) for %,d changed answers, %.1f ms of the demo's CPU per changed answer (all its work counted: "
                        + "the POSTs, the broker, the fold, the derivations, the stream); the collector paused the demo %s. At that cost "
                        + "1,000 events/s of this kind need %.1f cores for the demo alone: the answers queue and wait instead.",
                        Latencies.format(f.visible().p99()), f.rate(), f.changesPerEvent(), w.seconds(), w.demoCpuSeconds(), w.demoCores(), cores,
                        w.machineCores(), f.changes(), cpuPerAnswerMs, pauses(w), needed));
            }
        }

        private void memoryObstacles(List<String> lines) {
            for (Ingest in : Arrays.asList(r.http, r.kafka)) {
                if (in != null && in.memory() != null && in.peakRssKb() >= TARGET_RSS_KB) {
                    Memory m = in.memory();
                    double heapMb = m.heap().heapCommitted() / 1024 / 1024;
                    lines.add(String.format(Locale.ROOT, "- **Resident memory, %s run** (peak %,d MB of 1,024): at the end, the demo's own JVM (the "
                            + "service and the broker) held %,d MB resident and the registry's process %,d MB. Of the JVM's: its heap committed "
                            + "%,.0f MB, of which %,.0f MB live after a full collection (`jcmd GC.run`); outside the heap %,.0f MB (RocksDB's "
                            + "memtables and caches, the broker, thread stacks, code and metaspace).", in == r.http ? "HTTP" : "Kafka",
                            in.peakRssKb() / 1024, m.ownRssKb() / 1024, m.registryRssKb() / 1024, heapMb, m.heap().heapUsed() / 1024 / 1024,
                            m.ownRssKb() / 1024.0 - heapMb));
                }
            }
        }

        private static String pauses(Usage.Window w) {
            if (Double.isNaN(w.gcPauses())) {
                return "(no collector figures)";
            }
            return String.format(Locale.ROOT, w.gcPauses() == 1 ? "once, %2$,.0f ms" : "%1$,.0f times, %2$,.0f ms in all", w.gcPauses(),
                    w.gcPauseSeconds() * 1000);
        }

        private void ratios() {
            out.add("## Ratios");
            out.add("");
            if (r.pgLoad != null) {
                double pg = r.pgLoad.events() / (r.pgLoad.totalNanos() / 1e9);
                for (Ingest in : Arrays.asList(r.http, r.kafka)) {
                    if (in != null) {
                        out.add(String.format(Locale.ROOT, "- ingest over %s: launchgraph %.2f x PostgreSQL's events/s",
                                in == r.http ? "HTTP" : "Kafka", in.eventsPerSecond() / pg));
                    }
                }
            }
            LaunchGraphDriver.QueryTimes q = r.lgQueries;
            if (q != null) {
                double base = q.baseline().p50();
                out.add(String.format(Locale.ROOT, "- baseline `GET /health/live` in the same rounds: p50 / p99 %s (%,d requests)", q.baseline().both(),
                        q.baseline().count()));
                ratio("one launch `GET /launches/{id}`", q.one(), r.pgQueries == null ? null : r.pgQueries.one(), base);
                ratio("all blocked launches `GET /launches?blocked=true&limit=100000`", q.all(), r.pgQueries == null ? null : r.pgQueries.all(), base);
                ratio("a team's blocked launches `GET /teams/{id}/blocking`", q.team(), r.pgQueries == null ? null : r.pgQueries.team(), base);
            }
        }

        private void ratio(String what, Latencies lg, Latencies pg, double baseline) {
            out.add(String.format(Locale.ROOT, "- %s: p50 %.1f x the baseline%s (%,d requests)", what, lg.p50() / baseline,
                    pg == null ? "" : String.format(Locale.ROOT, "; PostgreSQL's p50 is %.1f x launchgraph's, its p99 %.1f x", pg.p50() / lg.p50(),
                            pg.p99() / lg.p99()), lg.count()));
        }

        private void notes() {
            out.add("## How it was measured");
            out.add("");
            out.add(String.format(Locale.ROOT, "- Machine: %d cores (`nproc` %s), %s, Java %s (%s), %s; %s.",
                    Runtime.getRuntime().availableProcessors(), nproc(), memTotal(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                    ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), r.pgVersion.isEmpty() ? "PostgreSQL not run" : r.pgVersion));
            out.add("- launchgraph: `java -jar launchgraph.jar demo --http-port 0` (its embedded broker and registry; HTTP write limits off for "
                    + "the 1k single events a second from one client" + (r.demoJvm.isEmpty() ? "" : "; JVM options " + r.demoJvm)
                    + "), a fresh one for each ingest, fed by `launchgraph publish --batch-size " + Integer.getInteger("bench.batch", 5_000)
                    + "` over HTTP (`--url`) and over Kafka (`--kafka`). Settled: the group `launchgraph-demo` committed the end of "
                    + "`milestone-events` and of its repartition topics, and `kafka_launchgraph_graph_pending_changes` on `/metrics` is 0. "
                    + "The demo also holds its own small demo organisation; only the generated launches are compared.");
            for (Ingest in : Arrays.asList(r.http, r.kafka)) {
                if (in != null) {
                    out.add(String.format(Locale.ROOT, "- %s run: publish sent %,d events and refused %,d malformed lines itself; the service put %,d "
                            + "records on `rejected-events` (the file holds %,d conflicting events).", in == r.http ? "HTTP" : "Kafka",
                            in.published().events(), in.published().refused(), in.deadLetters(), r.input.conflicts()));
                }
            }
            if (r.fresh != null) {
                out.add(String.format(Locale.ROOT, "- Event to visible: %,d events at %,.0f/s over %d s (" + (r.freshBatchMillis == 0 ? "one `POST /events` each"
                        : "those of each " + r.freshBatchMillis + " ms in one NDJSON `POST /events`, the wait included") + "), each toggling a milestone that "
                        + "directly blocks a launch (%,d pairs), timed from the POST until `GET /changes/stream?fields=" + Freshness.STREAM_FIELDS
                        + "` (every change, each answer with only the fields read) brought that launch's answer showing it; %,d seen, %,d not seen within 15 s after the last send, %,d refused or timed out (30 s); %,d turns of the schedule sent "
                        + "nothing because every pair's last event was still not visible (so the rate reached is below the one asked for). The POSTs "
                        + "themselves, each until its 202 (the event committed to Kafka), p50 / p99: %s. The stream brought %,d changed answers "
                        + "from the first steady event to the end of the drain, %.1f per event sent (a toggle moves the answer of every "
                        + "launch that waits on the milestone, not only its pair's).", r.fresh.sent(), r.fresh.rate(), r.freshFor.toSeconds(), r.fresh.pairs(),
                        r.fresh.visible().count(), r.fresh.notSeen(), r.fresh.refused(), r.fresh.skipped(), r.fresh.accepted().both(),
                        r.fresh.changes(), r.fresh.changesPerEvent()));
            }
            if (r.pgLoad != null) {
                out.add("- PostgreSQL: started by the benchmark (initdb in a temporary directory, 127.0.0.1 only, shared_buffers 1 GB, "
                        + "work_mem 64 MB); the file read and checked as `publish` does, COPY into an unlogged staging table, the first seen "
                        + "of each (eventId, occurredAt) kept, one last-writer-wins upsert per register (ordered by occurredAt, then eventId "
                        + "in byte order), ANALYZE, all in one transaction. Answers on read: one recursive query (reach along blocking "
                        + "edges, sinks and bottom cycles) for blocked, direct and root blocker ids only, without paths, risk or forecasts.");
            }
            if (r.lgQueries != null) {
                out.add(String.format(Locale.ROOT, "- Queries: %d rounds after a warm-up round, sequential, one client; each round times "
                        + "`/health/live` as often as one launch.", r.rounds));
            }
        }

        private static String met(boolean yes) {
            return yes ? "yes" : "no";
        }

        private static String nproc() {
            try {
                Process p = new ProcessBuilder("nproc").start();
                return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                return "?";
            }
        }

        private static String memTotal() {
            try {
                return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                        .map(l -> String.format(Locale.ROOT, "%.0f GB RAM", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                        .findFirst().orElse("?");
            } catch (IOException e) {
                return "?";
            }
        }
    }
}
