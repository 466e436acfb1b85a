package io.launchgraph.topology.bench;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.internal.Engine;
import io.launchgraph.topology.internal.RecomputePacer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fold plus recomputation ({@link Engine}) on a generated organisation, without Kafka. Run
 * through {@link BenchmarkReport}, which adds the baseline ratios and heap per milestone.
 */
public class EngineBenchmark {
    /** Events per invocation on the steady path; one recompute per batch, as one 100 ms punctuation would. */
    public static final int BATCH = 10_000;

    @State(Scope.Benchmark)
    public static class Loaded {
        @Param("100000")
        public int milestones;

        GeneratedOrganisation org;
        Engine engine;
        Map<String, Answer> published;
        /** Fresh events for the next invocation: every one is new to the engine, none is replayed. */
        List<MilestoneEvent> batch;
        boolean platformDone;
        final RecomputePacer pacer = new RecomputePacer(TopologyConfig.DEFAULT_MAX_RECOMPUTE_SHARE);
        /**
         * Time spent inside invocations only: the pacer runs on it, so that generating the next
         * batch (outside the measurement) does not look like idle time to it.
         */
        long busyNanos;
        long lastPunctuation;

        @Setup(Level.Trial)
        public void load() {
            org = new GeneratedOrganisation(milestones, 42);
            engine = new Engine();
            published = new HashMap<>();
            org.initialEvents.forEach(engine::apply);
            engine.recompute(published::get).answers().forEach(c -> published.put(c.launchId(), c.after()));
        }

        @Setup(Level.Invocation)
        public void nextBatch() {
            batch = org.steadyEvents(BATCH);
        }

        int publish() {
            List<Engine.AnswerChange> changes = engine.recompute(published::get).answers();
            changes.forEach(c -> published.put(c.launchId(), c.after()));
            return changes.size();
        }
    }

    /** Baseline: the cheapest possible last-writer-wins fold, a hash map of stamps per entity. */
    @State(Scope.Benchmark)
    public static class Baseline {
        final Map<String, long[]> stamps = new HashMap<>();
        GeneratedOrganisation org;
        List<MilestoneEvent> batch;

        @Setup(Level.Trial)
        public void load() {
            org = new GeneratedOrganisation(100_000, 42);
        }

        @Setup(Level.Invocation)
        public void nextBatch() {
            batch = org.steadyEvents(BATCH);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public int baselineHashMapFold(Baseline b) {
        int changed = 0;
        for (MilestoneEvent e : b.batch) {
            Object ev = e.getEvent();
            String key = ev instanceof DependencyDeclared d ? d.getDependentId() + ' ' + d.getDependencyId()
                    : ev instanceof DependencyRemoved r ? r.getDependentId() + ' ' + r.getDependencyId()
                    : EventRules.entityId(e);
            long at = e.getOccurredAt().toEpochMilli();
            long[] stamp = b.stamps.get(key);
            if (stamp == null || stamp[0] < at) {
                b.stamps.put(key, new long[] {at});
                changed++;
            }
        }
        return changed;
    }

    /** The steady path, fold only: what each event costs before any answer is derived. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public int steadyFoldOnly(Loaded s) {
        int changed = 0;
        for (MilestoneEvent e : s.batch) {
            if (!(s.engine.apply(e) instanceof Engine.NoChange)) {
                changed++;
            }
        }
        // Keep the touched set from growing without bound between iterations.
        if (s.engine.touchedCount() > 200_000) {
            s.publish();
        }
        return changed;
    }

    /** The steady path with recomputation: fold a batch, then publish the answers it changed. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public int steadyFoldAndRecompute(Loaded s) {
        for (MilestoneEvent e : s.batch) {
            s.engine.apply(e);
        }
        return s.publish();
    }

    @State(Scope.Benchmark)
    public static class Organisation {
        @Param("100000")
        public int milestones;

        GeneratedOrganisation org;

        @Setup(Level.Trial)
        public void generate() {
            org = new GeneratedOrganisation(milestones, 42);
        }
    }

    /** The whole organisation from nothing: every event folded, then every launch derived once. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int initialLoad(Organisation o) {
        Engine engine = new Engine();
        o.org.initialEvents.forEach(engine::apply);
        return engine.recompute(id -> null).answers().size();
    }

    /**
     * The steady path as the graph task runs it: events folded as they come, answers published at
     * each recompute interval unless pacing defers it (recomputing may take a fifth of the time).
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public int steadyPaced(Loaded s) {
        int published = 0;
        long start = System.nanoTime();
        long folding = start;
        for (int i = 0; i < s.batch.size(); i++) {
            s.engine.apply(s.batch.get(i));
            if (i % 1_000 == 999) {
                // A flood: the fold is busy all the time it is not recomputing, as the pacer is told.
                // On punctuate's clock: time spent in invocations.
                s.pacer.folded(s.busyNanos + (folding - start), s.busyNanos + (System.nanoTime() - start));
                published += Math.max(0, punctuate(s, start));
                folding = System.nanoTime();
            }
        }
        s.busyNanos += System.nanoTime() - start;
        return published;
    }

    /**
     * What {@code GraphProcessor}'s punctuation does, on the clock of time spent in invocations
     * (the current one started at {@code invocationStart}): the number of answers published, or
     * -1 when it did not recompute.
     */
    static int punctuate(Loaded s, long invocationStart) {
        long now = s.busyNanos + (System.nanoTime() - invocationStart);
        if (now - s.lastPunctuation < TopologyConfig.DEFAULT_RECOMPUTE_INTERVAL.toNanos()) {
            return -1;
        }
        s.lastPunctuation = now;
        if (!s.engine.pending() || !s.pacer.mayRecompute(now)) {
            return -1;
        }
        int published = s.publish();
        s.pacer.recomputed(now, s.busyNanos + (System.nanoTime() - invocationStart));
        return published;
    }

    /**
     * An organisation loaded into the engine of one contract: v2 derives forecasts, v1 does not.
     * Both run in the same benchmark run, so their ratio is what forecasts cost.
     */
    @State(Scope.Benchmark)
    public static class Contract {
        @Param("100000")
        public int milestones;

        @Param({"v2", "v1"})
        public String contract;

        /** generated: mostly NEVER forecasts (cycles, cancelled milestones); planned: every forecast a date. */
        @Param({"generated", "planned"})
        public String shape;

        GeneratedOrganisation org;
        Engine engine;
        Map<String, Answer> published;
        LocalDate platformDue;
        boolean slipped;

        @Setup(Level.Trial)
        public void load() {
            org = new GeneratedOrganisation(milestones, 42, shape.equals("planned"));
            engine = contract.equals("v2") ? new Engine() : Engine.withoutForecasts();
            published = new HashMap<>();
            org.initialEvents.forEach(engine::apply);
            // Open, so that its due date matters to everything above it.
            engine.apply(org.statusChange(org.busiestPlatformMilestone, MilestoneStatus.AT_RISK));
            platformDue = engine.graph().milestone(org.busiestPlatformMilestone).currentDueDate();
            publish();
        }

        int publish() {
            List<Engine.AnswerChange> changes = engine.recompute(published::get).answers();
            changes.forEach(c -> published.put(c.launchId(), c.after()));
            return changes.size();
        }
    }

    /**
     * One due-date change of the platform milestone most depended on (two months later, then
     * back), absorbed and published: the forecast's worst case, since every launch above moves.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int platformDueDateChange(Contract c) {
        c.slipped = !c.slipped;
        c.engine.apply(c.org.dueDateChange(c.org.busiestPlatformMilestone, c.slipped ? c.platformDue.plusDays(60) : c.platformDue));
        return c.publish();
    }

    /** Every answer derived again (as after a restart), all of them unchanged. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int fullRecompute(Contract c) {
        c.engine.recomputeEverything();
        return c.publish();
    }

    /** One status change of the platform milestone most depended on, absorbed and published. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int platformStatusChange(Loaded s) {
        s.platformDone = !s.platformDone;
        s.engine.apply(s.org.statusChange(s.org.busiestPlatformMilestone,
                s.platformDone ? MilestoneStatus.DONE : MilestoneStatus.AT_RISK));
        return s.publish();
    }
}
