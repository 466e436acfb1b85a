package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.StoreSpec;
import io.launchgraph.topology.serde.InMemorySchemaRegistryClient;
import io.launchgraph.topology.serde.WireFormatSerdeFactory;
import io.launchgraph.topology.testing.Facts;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The graph task's restart: it rebuilds its index from the stores and publishes exactly the
 * answers that a crash left unpublished (changes committed to the stores, answers not yet).
 */
class GraphProcessorTest {
    private static final long COMMIT_INTERVAL_MS = 50;
    private final Facts f = new Facts();
    private final WireFormatSerdeFactory serdes = new WireFormatSerdeFactory(new InMemorySchemaRegistryClient(), true);
    private final MockProcessorContext<String, GraphOutput> context = new MockProcessorContext<>(config());

    {
        // The graph task notes when each event came (decision 48); the mock has no clock of its own.
        context.setCurrentSystemTimeMs(1_000);
    }

    private final KeyValueStore<String, MilestoneState> milestones = store(StateStores.MILESTONE_STATE, MilestoneState.class);
    private final KeyValueStore<String, DependencyState> dependencies = store(StateStores.DEPENDENCY_STATE, DependencyState.class);
    private final KeyValueStore<String, DependencyState> dependents = store(StateStores.DEPENDENTS, DependencyState.class);
    private final KeyValueStore<String, LaunchAnswer> answers = store(StateStores.LAUNCH_ANSWERS, LaunchAnswer.class);
    private final KeyValueStore<String, TeamBlocking> teams = store(StateStores.TEAM_BLOCKING, TeamBlocking.class);
    private final KeyValueStore<String, io.launchgraph.avro.MilestoneForecast> forecasts =
            store(StateStores.MILESTONE_FORECASTS, io.launchgraph.avro.MilestoneForecast.class);
    private final KeyValueStore<String, MilestoneEvent> history = store(StateStores.EVENT_HISTORY, MilestoneEvent.class);

    private static Properties config() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "graph-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        return props;
    }

    private <V extends SpecificRecord> KeyValueStore<String, V> store(StoreSpec<String, V> spec, Class<V> type) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(spec.name()), Serdes.String(), serdes.valueSerde(type))
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** What a previous run left in the stores: the folded states of {@code events}, answers (and forecasts) as given. */
    private void storesHold(List<MilestoneEvent> events, boolean answersPublished) {
        storesHold(new Engine(), events, answersPublished);
    }

    private void storesHold(Engine before, List<MilestoneEvent> events, boolean answersPublished) {
        for (MilestoneEvent e : events) {
            history.put(io.launchgraph.topology.History.key(e), e);
            Engine.Outcome o = before.apply(e);
            if (o instanceof Engine.MilestoneChanged m) {
                milestones.put(m.state().id(), AvroMapping.toAvro(m.state()));
            } else if (o instanceof Engine.DependencyChanged d) {
                dependencies.put(StateStores.key(d.state().dependentId(), d.state().dependencyId()), AvroMapping.toAvro(d.state()));
                dependents.put(StateStores.key(d.state().dependencyId(), d.state().dependentId()), AvroMapping.toAvro(d.state()));
            }
        }
        if (answersPublished) {
            Engine.Recomputed published = before.recompute(id -> null);
            published.answers().forEach(c -> answers.put(c.launchId(), AvroMapping.toAvro(c.launchId(), c.after(), c.causeEventId())));
            published.forecasts().forEach(c -> forecasts.put(c.milestoneId(), AvroMapping.toAvro(c.milestoneId(), c.after())));
        }
    }

    private GraphProcessor started() {
        return started(TopologyConfig.DEFAULT_RECOMPUTE_SLICE);
    }

    private GraphProcessor started(Duration slice) {
        TopologyConfig config = new TopologyConfig(serdes, Duration.ofMillis(100), 1.0, "", slice);
        GraphProcessor processor = new GraphProcessor(serdes.valueSerde(MilestoneEvent.class).deserializer(), config);
        processor.init(context);
        return processor;
    }

    private void punctuate() {
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(0L));
    }

    @Test
    void shouldPublishTheAnswersACrashLeftUnpublished() {
        // given: the fold was committed, the answers were not
        storesHold(List.of(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M")), false);

        // when
        started();
        punctuate();

        // then
        assertThat(context.forwarded()).singleElement().satisfies(r -> {
            LaunchAnswer a = ((GraphOutput.Published) r.record().value()).answer();
            assertThat(a.getLaunchId()).isEqualTo("L");
            assertThat(a.getBlocked()).isTrue();
            assertThat(a.getCauseEventId()).isNull();
        });
        assertThat(answers.get("L").getBlocked()).isTrue();
        assertThat(teams.get(StateStores.key("tm", "L"))).isNotNull();
    }

    @Test
    void shouldCommitBetweenSlicesAndPublishEveryAnswerWhenARecomputeOutlastsOneSlice() {
        // given: a crash left many answers unpublished, and a slice far shorter than deriving them all
        List<MilestoneEvent> events = new java.util.ArrayList<>();
        int launches = 5;
        for (int i = 0; i < launches; i++) {
            events.add(f.launch("L" + i, "t"));
        }
        storesHold(events, false);

        // when
        started(Duration.ofNanos(1));
        punctuate();

        // then: one launch per punctuation, a commit requested after each but the last
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.committed()).isTrue();
        int punctuations = 1;
        while (context.forwarded().size() < launches && punctuations < launches) {
            context.resetCommit();
            punctuate();
            punctuations++;
        }
        assertThat(context.forwarded()).hasSize(launches);
        assertThat(punctuations).isEqualTo(launches);
        assertThat(context.committed()).isFalse();
        assertThat(answers.approximateNumEntries()).isEqualTo(launches);
    }

    @Test
    void shouldCommitAsSoonAsTheAnswersOfAnEventAfterAQuietSpellAreWritten() {
        // given a graph task whose answers are current
        storesHold(List.of(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M")), true);
        GraphProcessor processor = started();
        punctuate();
        context.resetCommit();

        // when an event comes after a quiet spell, then another close behind it, then one after a spell again
        boolean[] committed = new boolean[3];
        long[] at = {10_000, 10_000 + COMMIT_INTERVAL_MS - 1, 10_000 + 3 * COMMIT_INTERVAL_MS};
        io.launchgraph.avro.MilestoneStatus[] statuses = {
                io.launchgraph.avro.MilestoneStatus.DONE, io.launchgraph.avro.MilestoneStatus.IN_PROGRESS, io.launchgraph.avro.MilestoneStatus.DONE};
        for (int i = 0; i < 3; i++) {
            context.setCurrentSystemTimeMs(at[i]);
            context.setRecordMetadata("launchgraph-graph-events-repartition", 0, 7 + i);
            processor.process(new org.apache.kafka.streams.processor.api.Record<>(
                    "M", serdes.valueSerde(MilestoneEvent.class).serializer().serialize("milestone-events", f.status("M", statuses[i])), 0L));
            boolean beforeAnswers = context.committed();
            punctuate();
            committed[i] = context.committed();
            assertThat(beforeAnswers).as("no commit before the answers are written").isFalse();
            context.resetCommit();
        }

        // then: a commit right after the answers of the first and the third, none for the second
        assertThat(committed).containsExactly(true, false, true);
        assertThat(context.forwarded()).hasSize(3);
    }

    @Test
    void shouldPublishNothingAfterARestartWhenAnswersWereUpToDate() {
        // given
        storesHold(List.of(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M")), true);

        // when
        started();
        punctuate();

        // then
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldRepublishEveryOpenAnswerWithItsForecastOnceAfterAnUpgradeFromV1() {
        // given: a deployment of contract v1 left answers without forecasts, and no forecast store
        storesHold(Engine.withoutForecasts(), List.of(
                f.launch("L", "t", "2027-03-01"), f.milestone("M", "tm", "2027-03-11"), f.hard("L", "M"),
                f.launch("Other", "t", "2027-01-01")), true);

        // when
        started();
        punctuate();

        // then: each open launch once, now with its forecast, and every open milestone's forecast stored
        assertThat(context.forwarded()).extracting(r -> ((GraphOutput.Published) r.record().value()).answer())
                .extracting(LaunchAnswer::getLaunchId, a -> a.getForecast().getState().name(), a -> a.getForecast().getSlipDays())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("L", "LATE", 10), org.assertj.core.groups.Tuple.tuple("Other", "ON_TIME", 0));
        assertThat(forecasts.get("M").getState().name()).isEqualTo("ON_TIME");
        assertThat(forecasts.approximateNumEntries()).isEqualTo(3);

        // and: the next restart finds everything current
        context.resetForwards();
        started();
        punctuate();
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldFoldNewEventsOntoTheRestoredGraph() {
        // given
        storesHold(List.of(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M")), true);
        GraphProcessor processor = started();
        MilestoneEvent done = f.status("M", io.launchgraph.avro.MilestoneStatus.DONE);

        // when
        context.setRecordMetadata("launchgraph-graph-events-repartition", 0, 7);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(
                "M", serdes.valueSerde(MilestoneEvent.class).serializer().serialize("milestone-events", done), 0L));
        punctuate();

        // then
        assertThat(context.forwarded()).singleElement().satisfies(r -> {
            LaunchAnswer a = ((GraphOutput.Published) r.record().value()).answer();
            assertThat(a.getBlocked()).isFalse();
            assertThat(a.getCauseEventId()).isEqualTo(done.getEventId());
        });
        assertThat(milestones.get("M").getStatus().getStatus().name()).isEqualTo("DONE");
        assertThat(teams.get(StateStores.key("tm", "L"))).isNull();
    }

    @Test
    void shouldRefuseAfterARestartAnEventThatReusesTheIdAndInstantOfOneAcceptedBefore() {
        // given: a previous run accepted M's status change, so the history holds it
        MilestoneEvent started = f.status("M", io.launchgraph.avro.MilestoneStatus.IN_PROGRESS);
        storesHold(List.of(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M"), started), true);
        GraphProcessor processor = started();
        // The first punctuation reads the history's keys, after which new events no longer read it.
        punctuate();
        context.resetForwards();
        MilestoneEvent resent = Facts.copy(started, started.getEventId(), started.getOccurredAt());
        // Of another milestone: only the history can tell, M's register cannot.
        MilestoneEvent conflicting = Facts.copy(f.due("L", "2031-01-01"), started.getEventId(), started.getOccurredAt());

        // when: another fact under the same id and instant, then the same fact again
        context.setRecordMetadata("launchgraph-graph-events-repartition", 0, 9);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(
                "L", serdes.valueSerde(MilestoneEvent.class).serializer().serialize("milestone-events", conflicting), 0L));
        context.setRecordMetadata("launchgraph-graph-events-repartition", 0, 10);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(
                "M", serdes.valueSerde(MilestoneEvent.class).serializer().serialize("milestone-events", resent), 0L));
        punctuate();

        // then: the conflict is a dead letter, and L keeps its date; the re-send changes nothing
        assertThat(context.forwarded()).singleElement().satisfies(r -> {
            GraphOutput.Refused refused = (GraphOutput.Refused) r.record().value();
            assertThat(refused.letter().getReasonCode()).isEqualTo(io.launchgraph.topology.EventRules.CONFLICTING_EVENT);
            assertThat(refused.letter().getOffset()).isEqualTo(9L);
        });
        assertThat(milestones.get("M").getStatus().getStatus().name()).isEqualTo("IN_PROGRESS");
        assertThat(String.valueOf(milestones.get("L").getDueDate())).doesNotContain("2031");
    }

    @Test
    void shouldTellConflictsWhileAndAfterItReadsTheHistoryInSteps() {
        // given: 600 accepted events, and a budget so small that each punctuation reads 256 keys
        List<MilestoneEvent> accepted = new java.util.ArrayList<>(List.of(f.launch("L", "t")));
        for (int i = 0; i < 599; i++) {
            accepted.add(f.milestone("M" + i, "tm"));
        }
        storesHold(accepted, true);
        GraphProcessor processor = started(Duration.ofNanos(10));
        long offset = 100;

        // when: a conflict before the first step, then steps until the history is read, then
        // conflicts with the first key, the last of a step, the first of the next, and the last
        refuseConflictWith(processor, accepted.get(300), offset++);
        for (int i = 0; i < 5; i++) {
            punctuate();
        }
        for (int i : new int[] {0, 255, 256, 257, 511, 512, 599}) {
            refuseConflictWith(processor, accepted.get(i), offset++);
        }

        // then: every one is a dead letter, and L keeps its date
        assertThat(context.forwarded())
                .filteredOn(r -> r.record().value() instanceof GraphOutput.Refused)
                .hasSize(8);
        assertThat(String.valueOf(milestones.get("L").getDueDate())).doesNotContain("2031");
    }

    /** Sends an event of another fact (L's due date) under the id and instant of {@code accepted}. */
    private void refuseConflictWith(GraphProcessor processor, MilestoneEvent accepted, long offset) {
        MilestoneEvent conflicting = Facts.copy(f.due("L", "2031-01-01"), accepted.getEventId(), accepted.getOccurredAt());
        context.setRecordMetadata("launchgraph-graph-events-repartition", 0, offset);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(
                "L", serdes.valueSerde(MilestoneEvent.class).serializer().serialize("milestone-events", conflicting), 0L));
    }

    @Test
    void shouldReportPendingChangesFromTheFoldUntilTheirAnswersArePublished() {
        // given a graph task whose answers are current
        storesHold(List.of(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M")), true);
        GraphProcessor processor = started();
        punctuate();
        assertThat(pendingChanges()).isZero();

        // when an event is folded
        context.setRecordMetadata("launchgraph-graph-events-repartition", 0, 7);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(
                "M", serdes.valueSerde(MilestoneEvent.class).serializer().serialize("milestone-events",
                        f.status("M", io.launchgraph.avro.MilestoneStatus.DONE)), 0L));

        // then work is reported at once, and none once the answers are published
        assertThat(pendingChanges()).isPositive();
        punctuate();
        assertThat(pendingChanges()).isZero();

        // and closing the task takes its metric away
        processor.close();
        assertThat(pendingMetric()).isEmpty();
    }

    @Test
    void shouldTellItsListenerAfterEachWriteSoThatAReaderToldSeesIt() {
        // given a listener that reads the launch's answer and milestone each time it is told
        storesHold(List.of(f.launch("L", "t"), f.milestone("M", "tm"), f.hard("L", "M")), true);
        List<String> seen = new java.util.ArrayList<>();
        java.util.function.Function<String, String> read = what -> {
            var status = milestones.get("M").getStatus();
            return what + " " + (status == null ? "PLANNED" : status.getStatus()) + " blocked=" + answers.get("L").getBlocked();
        };
        io.launchgraph.topology.StoresListener listener = new io.launchgraph.topology.StoresListener() {
            @Override
            public void storesChanged() {
                seen.add(read.apply("changed"));
            }

            @Override
            public void launchesChanged(java.util.Collection<String> launchIds) {
                seen.add(read.apply("launches " + launchIds));
            }

            @Override
            public void storesReplaced() {
                seen.add(read.apply("replaced"));
            }
        };
        TopologyConfig config = new TopologyConfig(serdes, Duration.ofMillis(100), 1.0, "", TopologyConfig.DEFAULT_RECOMPUTE_SLICE)
                .withStoresListener(listener);
        GraphProcessor processor = new GraphProcessor(serdes.valueSerde(MilestoneEvent.class).deserializer(), config);

        // when it starts, folds an event, publishes the answer it moved, has nothing to do, and stops
        processor.init(context);
        context.setRecordMetadata("launchgraph-graph-events-repartition", 0, 7);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(
                "M", serdes.valueSerde(MilestoneEvent.class).serializer().serialize("milestone-events",
                        f.status("M", io.launchgraph.avro.MilestoneStatus.DONE)), 0L));
        punctuate();
        punctuate();
        processor.close();

        // then it was told at each change, every time after the write, with the launches derived again
        assertThat(seen).containsExactly(
                "replaced PLANNED blocked=true",
                "launches [M] DONE blocked=true",
                "changed DONE blocked=true",
                "launches [L] DONE blocked=false",
                "changed DONE blocked=false",
                "replaced DONE blocked=false");
    }

    private java.util.Optional<org.apache.kafka.common.Metric> pendingMetric() {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(io.launchgraph.topology.GraphMetrics.GROUP)
                        && e.getKey().name().equals(io.launchgraph.topology.GraphMetrics.PENDING_CHANGES))
                .map(e -> (org.apache.kafka.common.Metric) e.getValue())
                .findFirst();
    }

    private double pendingChanges() {
        return ((Number) pendingMetric().orElseThrow().metricValue()).doubleValue();
    }
}
