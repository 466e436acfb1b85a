package io.launchgraph.topology.internal;

import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.GraphMetrics;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.History;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.StoresListener;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.internal.Engine.AnswerChange;
import io.launchgraph.topology.Rejection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage two, a graph task: folds every accepted event into the state stores and the in-memory
 * {@link Engine}, and every {@code recomputeInterval} publishes the answers that changed among the
 * launches its partition owns (all of them on one graph partition; decision 47).
 *
 * <p>The stores are the source of truth; the engine is rebuilt from them whenever the task starts,
 * and then derives every launch once, because a crash may have come between folding a change and
 * publishing the answers it moved.
 */
final class GraphProcessor implements Processor<String, byte[], String, GraphOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(GraphProcessor.class);
    private static final long PROGRESS_LOG_NANOS = 10_000_000_000L;
    /** Published answers kept as derived: every launch of the 100k organisation, a sixth of those at 1M. */
    private static final int PUBLISHED_KEPT = 16_384;

    private final Deserializer<MilestoneEvent> deserializer;
    private final Duration recomputeInterval;
    private final long sliceNanos;
    private final RecomputePacer pacer;
    private final RejectionLog rejections = new RejectionLog(LOG);
    private final StoresListener storesListener;
    private final GraphPartitions partitions;
    /** The graph partition this task derives for. */
    private int partition;

    private ProcessorContext<String, GraphOutput> context;
    private KeyValueStore<String, MilestoneState> milestones;
    private KeyValueStore<String, DependencyState> dependencies;
    private KeyValueStore<String, DependencyState> dependents;
    private KeyValueStore<String, LaunchAnswer> answers;
    private KeyValueStore<String, TeamBlocking> teams;
    private KeyValueStore<String, MilestoneForecast> forecasts;
    private KeyValueStore<String, MilestoneEvent> history;
    private Engine engine;
    /**
     * The answers this task published last, as it derived them, least recently used out: a new
     * answer is compared with the one published without reading and decoding it from the store
     * (a third of what the stream thread allocated under a steady stream, decision 53). A launch
     * not here is read from the store, as after a restart.
     */
    private final Map<String, Kept> published = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > PUBLISHED_KEPT;
        }
    };
    /**
     * An answer as published, and the teams it names as blocking (its team-view entries) when
     * this task wrote them; null when the answer was read from the store. The next change of the
     * launch diffs the team view against them rather than working them out again (decision 54).
     */
    private record Kept(Answer answer, Map<String, List<String>> teams) {}

    /**
     * Every key of the history store once {@link #historyScanned}, so that a new event needs no
     * read of it (decision 49); until then, every event reads the history as before.
     */
    private SeenKeys seen;
    private boolean historyScanned;
    /** The last key the scan of the history took; null before its first step. */
    private String historyScannedTo;
    private long historyScanNanos;
    private Sensor pendingChanges;
    private Sensor launchesDerived;
    private boolean reportedPending;
    /** Whether events were folded since the last recompute: pacing leaves the fold its share only when it has work. */
    private boolean foldedSinceRecompute;
    private long lastProgressLogNanos = System.nanoTime();
    /** Events folded since the last recompute, for the log (the pacer holds the time they took). */
    private int foldsSinceRecompute;
    private QuietSpell quiet;
    /** An event after a quiet spell was folded: commit as soon as its answers are written (decision 48). */
    private boolean commitWhenCurrent;

    GraphProcessor(Deserializer<MilestoneEvent> deserializer, TopologyConfig config) {
        this.deserializer = deserializer;
        this.recomputeInterval = config.recomputeInterval();
        this.sliceNanos = config.recomputeSlice().toNanos();
        this.pacer = new RecomputePacer(config.maxRecomputeShare());
        this.storesListener = config.storesListener();
        this.partitions = config.graphPartitions();
    }

    @Override
    public void init(ProcessorContext<String, GraphOutput> context) {
        this.context = context;
        milestones = context.getStateStore(StateStores.MILESTONE_STATE.name());
        dependencies = context.getStateStore(StateStores.DEPENDENCY_STATE.name());
        dependents = context.getStateStore(StateStores.DEPENDENTS.name());
        answers = context.getStateStore(StateStores.LAUNCH_ANSWERS.name());
        teams = context.getStateStore(StateStores.TEAM_BLOCKING.name());
        forecasts = context.getStateStore(StateStores.MILESTONE_FORECASTS.name());
        history = context.getStateStore(StateStores.EVENT_HISTORY.name());
        partition = partitions.derivingPartition(context.taskId().partition());
        // The stores may have changed under another owner since this task last ran here.
        published.clear();
        engine = restore();
        pendingChanges = context.metrics().addSensor("launchgraph-pending-changes-" + context.taskId(), Sensor.RecordingLevel.INFO);
        pendingChanges.add(new MetricName(
                GraphMetrics.PENDING_CHANGES, GraphMetrics.GROUP,
                "Changes folded whose answers are not yet published; 0 when the answers reflect every folded event",
                Map.of(GraphMetrics.TASK_ID_TAG, context.taskId().toString())), new Value());
        launchesDerived = context.metrics().addSensor("launchgraph-launches-derived-" + context.taskId(), Sensor.RecordingLevel.INFO);
        launchesDerived.add(new MetricName(
                GraphMetrics.LAUNCHES_DERIVED, GraphMetrics.GROUP,
                "Launches this graph task has derived since it started, changed or not; each task derives those its partition owns",
                Map.of(GraphMetrics.TASK_ID_TAG, context.taskId().toString())), new CumulativeSum());
        quiet = QuietSpell.ofCommitInterval(context.appConfigs());
        reportPending();
        context.schedule(recomputeInterval, PunctuationType.WALL_CLOCK_TIME, this::publishChangedAnswers);
        // The stores may have been restored from the changelogs before this task started here.
        storesListener.storesReplaced();
    }

    private Engine restore() {
        long start = System.nanoTime();
        Engine restored = partitions.count() == 1 ? new Engine() : Engine.owning(this::owns);
        int milestoneCount = 0;
        int edgeCount = 0;
        int answerCount = 0;
        try (KeyValueIterator<String, MilestoneState> it = milestones.all()) {
            while (it.hasNext()) {
                restored.restore(AvroMapping.fromAvro(it.next().value));
                milestoneCount++;
            }
        }
        try (KeyValueIterator<String, DependencyState> it = dependencies.all()) {
            while (it.hasNext()) {
                restored.restore(AvroMapping.fromAvro(it.next().value));
                edgeCount++;
            }
        }
        try (KeyValueIterator<String, LaunchAnswer> it = answers.all()) {
            while (it.hasNext()) {
                KeyValue<String, LaunchAnswer> entry = it.next();
                restored.restorePublished(entry.key, entry.value.getOpen());
                answerCount++;
            }
        }
        int forecastCount = 0;
        try (KeyValueIterator<String, MilestoneForecast> it = forecasts.all()) {
            while (it.hasNext()) {
                KeyValue<String, MilestoneForecast> entry = it.next();
                restored.restoreForecast(entry.key, AvroMapping.fromAvro(entry.value));
                forecastCount++;
            }
        }
        // The history's keys are read in steps at each punctuation (scanHistory): at 1M events
        // reading them all here took 3.8 s of the 8.4 s the task took to start.
        seen = new SeenKeys();
        historyScanned = false;
        historyScannedTo = null;
        historyScanNanos = 0;
        if (milestoneCount + edgeCount + answerCount + forecastCount > 0) {
            restored.recomputeEverything();
        }
        LOG.info(
                "Graph task {} (graph partition {} of {}) loaded {} milestones, {} edge registers, {} published answers and {} forecasts in {} ms",
                context.taskId(), partition, partitions.count(), milestoneCount, edgeCount, answerCount, forecastCount, (System.nanoTime() - start) / 1_000_000);
        return restored;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long start = System.nanoTime();
        if (quiet.arrived(context.currentSystemTimeMs())) {
            commitWhenCurrent = true;
        }
        try {
            fold(record);
        } finally {
            pacer.folded(start, System.nanoTime());
            foldsSinceRecompute++;
        }
    }

    private void fold(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        Origin origin = Origin.readFrom(record.headers(), new Origin(meta.topic(), meta.partition(), meta.offset(), null));
        EventDecoding.Decoded decoded = EventDecoding.decode(deserializer, meta.topic(), record.headers(), record.value());
        if (decoded instanceof EventDecoding.Refused refused) {
            // Stage one decoded these bytes already; this only happens if the schema vanished since.
            refuse(record.key(), origin, record.value(), refused.rejection(), null);
            return;
        }
        MilestoneEvent event = ((EventDecoding.DecodedEvent) decoded).event();
        foldedSinceRecompute = true;
        String historyKey = History.key(event);
        MilestoneEvent known = !historyScanned || seen.mightContain(historyKey) ? history.get(historyKey) : null;
        if (known != null && !History.sameFact(known, event)) {
            // The same eventId and occurredAt for another fact, even one that writes other
            // registers: the history keeps the first seen, so the fold must not take the second.
            refuse(record.key(), origin, record.value(), new Rejection(EventRules.CONFLICTING_EVENT,
                    "event " + event.getEventId() + " at " + event.getOccurredAt() + " was already accepted with other content"), event.getEventId());
            return;
        }
        Engine.Outcome outcome = engine.apply(event);
        if (known == null && !(outcome instanceof Engine.Rejected)) {
            history.put(historyKey, event);
            seen.add(historyKey);
        }
        if (outcome instanceof Engine.MilestoneChanged m) {
            milestones.put(m.state().id(), AvroMapping.toAvro(m.state()));
        } else if (outcome instanceof Engine.DependencyChanged d) {
            DependencyState state = AvroMapping.toAvro(d.state());
            dependencies.put(StateStores.key(d.state().dependentId(), d.state().dependencyId()), state);
            String reverse = StateStores.key(d.state().dependencyId(), d.state().dependentId());
            if (d.state().present()) {
                dependents.put(reverse, state);
            } else {
                // A null put deletes without reading the old value first, as delete() does (decision 51).
                dependents.put(reverse, null);
            }
        } else if (outcome instanceof Engine.Rejected r) {
            refuse(record.key(), origin, record.value(), r.rejection(), event.getEventId());
        }
        if (outcome instanceof Engine.MilestoneChanged m && owns(m.state().id())) {
            // A launch's own name, team or labels are read with its answer.
            storesListener.launchesChanged(List.of(m.state().id()));
        }
        if (known == null && !(outcome instanceof Engine.Rejected)
                || outcome instanceof Engine.MilestoneChanged || outcome instanceof Engine.DependencyChanged) {
            storesListener.storesChanged();
        }
        // Reported as soon as work appears, so that a reader who sees the input consumed and then 0 knows the answers are current.
        if (!reportedPending && engine.pending()) {
            reportPending();
        }
    }

    private void reportPending() {
        reportedPending = engine.pending();
        pendingChanges.record(reportedPending ? Math.max(1, engine.touchedCount() + engine.dueCount()) : 0);
    }

    @Override
    public void close() {
        storesListener.storesReplaced();
        if (pendingChanges != null) {
            context.metrics().removeSensor(pendingChanges);
        }
        if (launchesDerived != null) {
            context.metrics().removeSensor(launchesDerived);
        }
    }

    /** Whether this task derives the answer or forecast of {@code id}. */
    private boolean owns(String id) {
        return partitions.ownerOf(id) == partition;
    }

    private void refuse(String key, Origin origin, byte[] value, Rejection rejection, String eventId) {
        if (!owns(key)) {
            // Every graph task folds every event; one of them, the key's owner, reports it.
            return;
        }
        long now = context.currentSystemTimeMs();
        rejections.rejected(rejection.code(), rejection.message(), origin.topic(), origin.partition(), origin.offset(), now);
        context.forward(new Record<>(
                (String) null,
                new GraphOutput.Refused(origin.key(), ValidateEventsProcessor.deadLetter(origin, value, rejection, eventId, now)),
                now));
    }

    /**
     * Takes the next keys of the history into {@link #seen}, for at most {@code budgetNanos}.
     * Keys the fold writes meanwhile are added as they are written, so the scan may see a key
     * twice, which costs nothing; it never misses one.
     */
    private void scanHistory(long budgetNanos) {
        long start = System.nanoTime();
        int taken = 0;
        try (KeyValueIterator<String, MilestoneEvent> it = historyScannedTo == null ? history.all() : history.range(historyScannedTo, null)) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (!key.equals(historyScannedTo)) {
                    seen.add(key);
                    historyScannedTo = key;
                }
                // Checking the clock every key would cost more than the key.
                if (++taken % 256 == 0 && System.nanoTime() - start > budgetNanos) {
                    historyScanNanos += System.nanoTime() - start;
                    return;
                }
            }
        }
        historyScanNanos += System.nanoTime() - start;
        historyScanned = true;
        LOG.info("Graph task {} read its event history's keys in {} ms of its punctuations ({} keys known); new events no longer read it",
                context.taskId(), historyScanNanos / 1_000_000, seen.size());
    }

    /** The answer last published for {@code launchId}, or null when none was. */
    private Answer lastPublished(String launchId) {
        Kept kept = published.get(launchId);
        if (kept != null) {
            return kept.answer();
        }
        LaunchAnswer stored = answers.get(launchId);
        if (stored == null) {
            return null;
        }
        Answer read = AvroMapping.fromAvro(stored);
        published.put(launchId, new Kept(read, null));
        return read;
    }

    /** The team view's entries that the change adds, moves or removes; the answer kept as published, with its teams. */
    private void writeTeamView(AnswerChange change) {
        Kept before = published.get(change.launchId());
        Map<String, List<String>> teamsBefore = before != null && before.answer() == change.before() && before.teams() != null
                ? before.teams()
                : TeamView.teamsBlocking(change.before());
        Map<String, List<String>> teamsAfter = TeamView.teamsBlocking(change.after());
        published.put(change.launchId(), new Kept(change.after(), teamsAfter));
        for (TeamView.TeamChange t : TeamView.diff(change.launchId(), teamsBefore, teamsAfter)) {
            String key = StateStores.key(t.teamId(), t.launchId());
            if (t.milestoneIds() == null) {
                teams.put(key, null);
            } else {
                teams.put(key, new TeamBlocking(t.teamId(), t.launchId(), t.milestoneIds()));
            }
        }
    }

    private void publishChangedAnswers(long timestamp) {
        if (!historyScanned) {
            scanHistory(sliceNanos / 10);
        }
        long start = System.nanoTime();
        // Pacing is for a fold that has events waiting; with none since the last slice, waiting
        // would only delay the answers (the rest of a recompute after a restart, say).
        if (!engine.pending()) {
            commitWhenCurrent = false;
            reportPending();
            return;
        }
        if (foldedSinceRecompute && !pacer.mayRecompute(start)) {
            reportPending();
            return;
        }
        foldedSinceRecompute = false;
        int touched = engine.touchedCount();
        long foldMicros = pacer.foldNanos() / 1_000;
        Engine.Recomputed recomputed = engine.recompute(this::lastPublished, Engine.Budget.ofNanos(sliceNanos));
        for (Engine.ForecastChange change : recomputed.forecasts()) {
            if (change.after() == null) {
                forecasts.put(change.milestoneId(), null);
            } else {
                forecasts.put(change.milestoneId(), AvroMapping.toAvro(change.milestoneId(), change.after()));
            }
        }
        List<AnswerChange> changes = recomputed.answers();
        for (AnswerChange change : changes) {
            LaunchAnswer answer = AvroMapping.toAvro(change.launchId(), change.after(), change.causeEventId());
            answers.put(change.launchId(), answer);
            // Next to the put: the serializer then writes the answer's body once for both.
            context.forward(new Record<>(change.launchId(), new GraphOutput.Published(answer), timestamp));
            writeTeamView(change);
        }
        // After the writes, so that whoever reads after these calls reads all of them.
        launchesDerived.record(recomputed.derivedLaunches().size());
        if (!recomputed.derivedLaunches().isEmpty()) {
            storesListener.launchesChanged(recomputed.derivedLaunches());
        }
        if (!changes.isEmpty() || !recomputed.forecasts().isEmpty()) {
            storesListener.storesChanged();
        }
        reportPending();
        if (engine.pending()) {
            // The rest waits for the next punctuation; committing now keeps every transaction to a slice.
            context.commit();
        } else if (commitWhenCurrent) {
            // Readers of blocked-launches read committed: on a quiet system this saves them up to
            // a commit interval.
            commitWhenCurrent = false;
            context.commit();
        }
        long end = System.nanoTime();
        pacer.recomputed(start, end);
        long micros = (end - start) / 1_000;
        // A long recompute in slices says where it stands every ten seconds, not every slice.
        boolean progress = engine.dueCount() > 0 && end - lastProgressLogNanos > PROGRESS_LOG_NANOS;
        if (micros > 1_000_000 || progress) {
            lastProgressLogNanos = end;
            LOG.info("Recomputed after {} touched nodes: {} answers and {} forecasts changed in {} ms, {} nodes still due",
                    touched, changes.size(), recomputed.forecasts().size(), micros / 1_000, engine.dueCount());
        } else {
            LOG.debug("Recomputed after {} touched nodes ({} events folded in {} us since the last): {} launches derived, {} answers and {} forecasts "
                    + "changed in {} us", touched, foldsSinceRecompute, foldMicros, recomputed.derivedLaunches().size(), changes.size(),
                    recomputed.forecasts().size(), micros);
        }
        foldsSinceRecompute = 0;
    }
}
