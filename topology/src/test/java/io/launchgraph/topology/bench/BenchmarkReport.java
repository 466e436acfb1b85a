package io.launchgraph.topology.bench;

import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.Engine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link EngineBenchmark} and reports medians, ratios to the baseline measured in the same
 * run (machines here are shared and noisy, so ratios travel better than absolute numbers), and
 * heap per milestone. Prints a Markdown table and writes it to target/benchmark-report.md.
 *
 * <p>{@code mvn -pl topology -am -Pbench verify -DskipTests} (see README).
 */
public final class BenchmarkReport {

    public static void main(String[] args) throws RunnerException, IOException {
        int milestones = Integer.getInteger("bench.milestones", 100_000);
        Options options = new OptionsBuilder()
                .include(EngineBenchmark.class.getName() + "\\.")
                .param("milestones", Integer.toString(milestones))
                .forks(1)
                .jvmArgs("-Xmx4g", "-XX:+UseParallelGC")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(7)
                .measurementTime(TimeValue.seconds(2))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, RunResult> byName = new HashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String contract = r.getParams().getParam("contract");
            String shape = r.getParams().getParam("shape");
            byName.put(label.substring(label.lastIndexOf('.') + 1) + (contract == null ? "" : "/" + contract + "/" + shape), r);
        }

        Footprint footprint = footprint(milestones);
        double baseline = medianScore(byName.get("baselineHashMapFold"));
        double foldOnly = medianScore(byName.get("steadyFoldOnly"));
        double withRecompute = medianScore(byName.get("steadyFoldAndRecompute"));
        double paced = medianScore(byName.get("steadyPaced"));
        double loadMs = medianScore(byName.get("initialLoad"));
        RunResult platform = byName.get("platformStatusChange");
        double platformP50 = platform.getPrimaryResult().getStatistics().getPercentile(50);
        double platformP99 = platform.getPrimaryResult().getStatistics().getPercentile(99);

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "# Engine benchmark: %,d milestones (%,d launches), %,d edges, %,d initial events%n%n",
                milestones, milestones / 10, footprint.edges, footprint.initialEvents));
        report.append("| measure | median | vs baseline |\n|---|---:|---:|\n");
        report.append(row("baseline: hash-map last-writer-wins fold (events/s)", baseline, "events/s", 1.0));
        report.append(row("steady path, fold only (events/s)", foldOnly, "events/s", foldOnly / baseline));
        report.append(row("steady path, fold + recompute every " + EngineBenchmark.BATCH + " events, no pacing (events/s)", withRecompute, "events/s", withRecompute / baseline));
        report.append(row("steady path as the graph task runs it: 100 ms interval, paced to 20% (events/s)", paced, "events/s", paced / baseline));
        report.append(row("initial load, fold + derive every launch (events/s)", footprint.initialEvents / (loadMs / 1000.0), "events/s", Double.NaN));
        report.append(row("initial load (ms)", loadMs, "ms", Double.NaN));
        report.append(row("platform milestone status change, p50 (ms)", platformP50, "ms", Double.NaN));
        report.append(row("platform milestone status change, p99 (ms)", platformP99, "ms", Double.NaN));
        report.append("\n## What forecasts cost (contract v2 against v1, same run)\n\n");
        report.append("| measure | v1, no forecasts | v2, forecasts | v2 / v1 |\n|---|---:|---:|---:|\n");
        for (String shape : List.of("generated", "planned")) {
            report.append(compare(shape + ": platform milestone due-date change, p50 (ms)", byName, "platformDueDateChange/%s/" + shape, 50));
            report.append(compare(shape + ": platform milestone due-date change, p99 (ms)", byName, "platformDueDateChange/%s/" + shape, 99));
            report.append(compare(shape + ": full recompute of every answer, p50 (ms)", byName, "fullRecompute/%s/" + shape, 50));
            report.append(compare(shape + ": full recompute of every answer, p99 (ms)", byName, "fullRecompute/%s/" + shape, 99));
        }
        report.append(String.format(Locale.ROOT,
                "%nHeap per milestone once every answer is derived (v2 keeps each milestone's reported forecast): v1 %,.0f bytes, v2 %,.0f bytes.%n",
                footprint.derivedBytesV1, footprint.derivedBytesV2));
        for (Footprint.Shape shape : footprint.shapes) {
            report.append(String.format(Locale.ROOT,
                    "%s: forecasts of the %,d open launches %s; one due-date change of the platform milestone (open, two months later) "
                            + "changed %,d answers and %,d milestone forecasts.%n",
                    shape.name(), shape.forecastStates().values().stream().mapToInt(Integer::intValue).sum(), shape.forecastStates(),
                    shape.dueChangeAnswers(), shape.dueChangeForecasts()));
        }
        report.append("\n");
        report.append(String.format(Locale.ROOT,
                "%nThe platform milestone (%s) is reached by %,d launches; one change of its status changed %,d answers.%n",
                footprint.platformMilestone, footprint.platformReach, footprint.platformChanged));
        report.append(String.format(Locale.ROOT,
                "A steady batch of %,d events changed %,.0f answers on average.%n",
                EngineBenchmark.BATCH, footprint.answersPerSteadyBatch));
        report.append(String.format(Locale.ROOT,
                "Paced steady path over %,.0f s: %,d recomputes, %,.0f events and %,.0f changed answers per recompute on average, "
                        + "%,.0f ms between recomputes on average (the answers' staleness under full load), %,.0f ms at most; "
                        + "a recompute took %,.0f ms on average.%n",
                footprint.paced.seconds, footprint.paced.recomputes, footprint.paced.eventsPerRecompute,
                footprint.paced.answersPerRecompute, footprint.paced.meanGapMs, footprint.paced.maxGapMs,
                footprint.paced.meanRecomputeMs));
        report.append(String.format(Locale.ROOT,
                "Heap per milestone (graph index with edges, states and registers; answers live in the store): median %,.0f bytes (%s).%n",
                footprint.bytesPerMilestone, footprint.heapRuns));
        System.out.println();
        System.out.println(report);
        Path out = Path.of("target", "benchmark-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    private static String compare(String measure, Map<String, RunResult> byName, String benchmark, double percentile) {
        double v1 = byName.get(String.format(benchmark, "v1")).getPrimaryResult().getStatistics().getPercentile(percentile);
        double v2 = byName.get(String.format(benchmark, "v2")).getPrimaryResult().getStatistics().getPercentile(percentile);
        return String.format(Locale.ROOT, "| %s | %,.2f | %,.2f | %.2f |%n", measure, v1, v2, v2 / v1);
    }

    private static String row(String measure, double value, String unit, double ratio) {
        String v = unit.equals("ms") ? String.format(Locale.ROOT, "%,.2f", value) : String.format(Locale.ROOT, "%,.0f", value);
        String r = Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio);
        return "| " + measure + " | " + v + " | " + r + " |\n";
    }

    /** Median of the per-iteration scores. */
    private static double medianScore(RunResult result) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult b : result.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                scores.add(i.getPrimaryResult().getScore());
            }
        }
        scores.sort(Double::compare);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    private record Footprint(
            int initialEvents, long edges, double bytesPerMilestone, String heapRuns, String platformMilestone,
            int platformReach, int platformChanged, double answersPerSteadyBatch, Paced paced,
            double derivedBytesV1, double derivedBytesV2, List<Shape> shapes) {
        record Shape(String name, Map<String, Integer> forecastStates, int dueChangeAnswers, int dueChangeForecasts) {}
    }

    private record Paced(double seconds, int recomputes, double eventsPerRecompute, double answersPerRecompute,
            double meanGapMs, double maxGapMs, double meanRecomputeMs) {}

    /**
     * The paced steady path for a while (of time spent folding and recomputing, not generating
     * events), counting what each recompute covered.
     */
    private static Paced paced(EngineBenchmark.Loaded s, long nanos) {
        long events = 0;
        long answers = 0;
        int recomputes = 0;
        long lastRecompute = 0;
        long maxGap = 0;
        long recomputeNanos = 0;
        while (s.busyNanos < nanos) {
            s.nextBatch();
            long start = System.nanoTime();
            for (io.launchgraph.avro.MilestoneEvent e : s.batch) {
                s.engine.apply(e);
                if (++events % 1_000 == 0) {
                    long before = System.nanoTime();
                    int published = EngineBenchmark.punctuate(s, start);
                    if (published >= 0) {
                        recomputeNanos += System.nanoTime() - before;
                    }
                    long now = s.busyNanos + (System.nanoTime() - start);
                    if (published >= 0) {
                        recomputes++;
                        answers += published;
                        maxGap = Math.max(maxGap, now - lastRecompute);
                        lastRecompute = now;
                    }
                }
            }
            s.busyNanos += System.nanoTime() - start;
        }
        double seconds = s.busyNanos / 1e9;
        return new Paced(seconds, recomputes, events / (double) Math.max(1, recomputes), answers / (double) Math.max(1, recomputes),
                seconds * 1000 / Math.max(1, recomputes), maxGap / 1e6, recomputeNanos / 1e6 / Math.max(1, recomputes));
    }

    private static Footprint footprint(int milestones) {
        GeneratedOrganisation org = new GeneratedOrganisation(milestones, 42);
        List<Double> perMilestone = new ArrayList<>();
        Engine engine = null;
        for (int run = 0; run < 3; run++) {
            engine = null;
            long before = usedHeapAfterGc();
            engine = new Engine();
            org.initialEvents.forEach(engine::apply);
            long after = usedHeapAfterGc();
            perMilestone.add((after - before) / (double) milestones);
        }
        List<Double> sorted = new ArrayList<>(perMilestone);
        sorted.sort(Double::compare);
        long edges = org.initialEvents.stream().filter(e -> e.getEvent() instanceof io.launchgraph.avro.DependencyDeclared).count();

        Map<String, Answer> published = new HashMap<>();
        engine.recompute(published::get).answers().forEach(c -> published.put(c.launchId(), c.after()));
        int reach = 0;
        for (String launch : org.layers.get(GeneratedOrganisation.LAYERS - 1)) {
            Answer a = published.get(launch);
            if (a != null && a.roots().stream().anyMatch(r -> r.milestoneId().equals(org.busiestPlatformMilestone))) {
                reach++;
            }
        }
        // Two flips (whatever its status was, one of them changes it), as the benchmark does.
        int changed = 0;
        for (MilestoneStatus status : List.of(MilestoneStatus.DONE, MilestoneStatus.AT_RISK)) {
            engine.apply(org.statusChange(org.busiestPlatformMilestone, status));
            List<Engine.AnswerChange> c = engine.recompute(published::get).answers();
            c.forEach(x -> published.put(x.launchId(), x.after()));
            changed = Math.max(changed, c.size());
        }

        long answers = 0;
        for (int b = 0; b < 20; b++) {
            org.steadyEvents(EngineBenchmark.BATCH).forEach(engine::apply);
            List<Engine.AnswerChange> c = engine.recompute(published::get).answers();
            c.forEach(x -> published.put(x.launchId(), x.after()));
            answers += c.size();
        }
        EngineBenchmark.Loaded loaded = new EngineBenchmark.Loaded();
        loaded.milestones = milestones;
        loaded.load();
        Paced paced = paced(loaded, TimeUnit.SECONDS.toNanos(20));
        loaded = null;
        engine = null;
        published.clear();

        double derivedV1 = derivedBytesPerMilestone(org, Engine.withoutForecasts());
        double derivedV2 = derivedBytesPerMilestone(org, new Engine());
        List<Footprint.Shape> shapes = new ArrayList<>();
        for (String shape : List.of("generated", "planned")) {
            shapes.add(shape(milestones, shape));
        }
        return new Footprint(org.initialEvents.size(), edges, sorted.get(1),
                perMilestone.stream().map(d -> String.format(Locale.ROOT, "%,.0f", d)).toList() + " bytes in 3 runs",
                org.busiestPlatformMilestone, Math.max(reach, changed), changed, answers / 20.0, paced,
                derivedV1, derivedV2, shapes);
    }

    /** What forecasts look like in an organisation of this shape, and what one slip of its platform milestone changes. */
    private static Footprint.Shape shape(int milestones, String shape) {
        EngineBenchmark.Contract c = new EngineBenchmark.Contract();
        c.milestones = milestones;
        c.contract = "v2";
        c.shape = shape;
        c.load();
        Map<String, Integer> states = new java.util.TreeMap<>();
        c.published.values().forEach(a -> {
            if (a.open()) {
                states.merge(a.forecast().state().name(), 1, Integer::sum);
            }
        });
        c.engine.apply(c.org.dueDateChange(c.org.busiestPlatformMilestone, c.platformDue.plusDays(60)));
        Engine.Recomputed slip = c.engine.recompute(c.published::get);
        return new Footprint.Shape(shape, states, slip.answers().size(), slip.forecasts().size());
    }

    /** Heap of an engine with the organisation folded and every answer derived once (the answers themselves live in a store). */
    private static double derivedBytesPerMilestone(GeneratedOrganisation org, Engine empty) {
        long before = usedHeapAfterGc();
        Engine engine = empty;
        org.initialEvents.forEach(engine::apply);
        int answers = engine.recompute(id -> null).answers().size();
        long after = usedHeapAfterGc();
        if (answers == 0 || engine.pending()) {
            throw new IllegalStateException("nothing derived");
        }
        return (after - before) / (double) org.size;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private BenchmarkReport() {}
}
