package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.internal.Engine.AnswerChange;
import io.launchgraph.topology.testing.Facts;
import io.launchgraph.topology.testing.Property;
import io.launchgraph.topology.testing.Scenario;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTest {
    private final Facts f = new Facts();
    private final Engine engine = new Engine();
    private final Map<String, Answer> published = new HashMap<>();

    private List<AnswerChange> publish(MilestoneEvent... events) {
        for (MilestoneEvent e : events) {
            engine.apply(e);
        }
        List<AnswerChange> changes = engine.recompute(published::get).answers();
        changes.forEach(c -> published.put(c.launchId(), c.after()));
        return changes;
    }

    @Test
    void shouldPublishOnlyTheLaunchesAChangeCanReach() {
        // given: L1 -> M1, L2 -> M2
        publish(f.launch("L1", "t"), f.launch("L2", "t"), f.milestone("M1", "t"), f.milestone("M2", "t"),
                f.hard("L1", "M1"), f.hard("L2", "M2"));

        // when
        List<AnswerChange> changes = publish(f.status("M1", MilestoneStatus.DONE));

        // then
        assertThat(changes).extracting(AnswerChange::launchId).containsExactly("L1");
        assertThat(changes.get(0).after().blocked()).isFalse();
    }

    @Test
    void shouldNameEveryLaunchItDerivedAgainWhetherItsAnswerChangedOrNot() {
        // given: L1 and L2 both wait on M1, L3 apart; no launch has a due date
        publish(f.launch("L1", "t"), f.launch("L2", "t"), f.launch("L3", "t"), f.milestone("M1", "t"),
                f.hard("L1", "M1"), f.hard("L2", "M1"));

        // when M1 gets a due date: neither answer changes (still unscheduled, for want of their own), but both were derived again
        engine.apply(f.due("M1", "2030-01-01"));
        Engine.Recomputed r = engine.recompute(published::get);

        // then
        assertThat(r.answers()).isEmpty();
        assertThat(r.derivedLaunches()).containsExactlyInAnyOrder("L1", "L2");
    }

    @Test
    void shouldDeriveOnlyTheLaunchesItOwnsButEveryForecast() {
        // given: an engine owning L1 alone; L1 and L2 both wait on M1, which has a due date
        Engine owning = Engine.owning("L1"::equals);
        List<MilestoneEvent> events = List.of(f.launch("L1", "t"), f.launch("L2", "t"), f.milestone("M1", "t"),
                f.hard("L1", "M1"), f.hard("L2", "M1"), f.due("M1", "2030-01-01"));
        events.forEach(owning::apply);

        // when
        Engine.Recomputed r = owning.recompute(launchId -> null);

        // then: L1's answer alone, and the forecasts of every open milestone, as an engine owning all derives them
        assertThat(r.answers()).extracting(AnswerChange::launchId).containsExactly("L1");
        assertThat(r.derivedLaunches()).containsExactly("L1");
        Engine all = new Engine();
        events.forEach(all::apply);
        Engine.Recomputed everything = all.recompute(launchId -> null);
        assertThat(r.forecasts()).isEqualTo(everything.forecasts()).extracting(Engine.ForecastChange::milestoneId).contains("L2", "M1");
        assertThat(r.answers().get(0)).isEqualTo(everything.answers().get(0));
    }

    @Test
    void shouldNameTheMostRecentEventThatReachedEachLaunch() {
        // given
        publish(f.launch("L", "t"), f.milestone("A", "t"), f.milestone("B", "t"), f.hard("L", "A"), f.hard("A", "B"));
        MilestoneEvent first = f.status("B", MilestoneStatus.AT_RISK);
        MilestoneEvent second = f.status("A", MilestoneStatus.IN_PROGRESS);

        // when
        List<AnswerChange> changes = publish(first, second);

        // then
        assertThat(changes).singleElement().extracting(AnswerChange::causeEventId).isEqualTo(second.getEventId());
    }

    @Test
    void shouldPublishNothingWhenOnlyANameOrAStampChanges() {
        // given
        publish(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"));

        // when: re-declared with the same team and kind, the same edge declared again later
        List<AnswerChange> changes = publish(f.milestone("M", "t"), f.hard("L", "M"));

        // then
        assertThat(changes).isEmpty();
        assertThat(engine.pending()).isFalse();
    }

    @Test
    void shouldPublishAFinalAnswerWhenALaunchCloses() {
        // given
        publish(f.launch("L", "t"));

        // when
        List<AnswerChange> changes = publish(f.status("L", MilestoneStatus.DONE));

        // then
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.after()).isEqualTo(Answer.CLOSED));
        assertThat(publish(f.status("L", MilestoneStatus.CANCELLED))).isEmpty();
    }

    @Test
    void shouldReachLaunchesThroughDependentsOfAChangedMilestone() {
        // given: L -> A ~> B (soft): B's due date is read by L's risk through A
        publish(f.launch("L", "t"), f.milestone("A", "t", "2026-12-01"), f.milestone("B", "t", "2026-11-01"),
                f.hard("L", "A"), f.soft("A", "B"));

        // when
        List<AnswerChange> changes = publish(f.due("B", "2026-12-24"));

        // then
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.after().risk()).hasSize(1));
    }

    @Test
    void shouldRecomputeEverythingOnDemandAndFindNothingNewWhenUpToDate() {
        // given
        publish(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"));

        // when
        engine.recomputeEverything();

        // then
        assertThat(engine.pending()).isTrue();
        assertThat(engine.recompute(published::get).answers()).isEmpty();
    }

    @Test
    void shouldAgreeWithDerivingEveryLaunchAfterAnySequenceOfIncrementalRecomputes() {
        Property.forAll("incremental recompute equals full derivation", 300, Scenario::random)
                .shrinkWith(Scenario::shrink)
                .check(scenario -> {
                    // given
                    Engine incremental = new Engine();
                    Map<String, Answer> seen = new HashMap<>();
                    Scenario.Delivery delivery = scenario.delivery(scenario.deliverySeed());

                    // when
                    for (int i = 0; i < delivery.sent().size(); i++) {
                        MilestoneEvent e = delivery.sent().get(i);
                        if (EventRules.check(e).isEmpty()) {
                            incremental.apply(e);
                        }
                        if (delivery.recomputeAfter().contains(i)) {
                            incremental.recompute(seen::get).answers().forEach(c -> seen.put(c.launchId(), c.after()));
                        }
                    }
                    incremental.recompute(seen::get).answers().forEach(c -> seen.put(c.launchId(), c.after()));

                    // then: what was published is what a fresh derivation gives now
                    Map<String, Answer> fresh = new HashMap<>();
                    for (Node n : incremental.graph().nodes()) {
                        Answer a = incremental.derive(n.id);
                        if (a.open() || seen.containsKey(n.id)) {
                            fresh.put(n.id, a);
                        }
                    }
                    assertThat(seen).isEqualTo(fresh);
                });
    }

    @Test
    void shouldAgreeWithDerivingEveryLaunchWhenRecomputingInSlicesWithEventsFoldedBetween() {
        Property.forAll("recompute in slices equals full derivation", 300, Scenario::random)
                .shrinkWith(Scenario::shrink)
                .check(scenario -> {
                    // given: slices of a few nodes (ending within a chunk or across several), reverse
                    // searches cut after a few seeds, and a restart's recompute of everything midway
                    Engine sliced = new Engine();
                    int perSlice = 1 + (int) Math.floorMod(scenario.deliverySeed(), (long) Engine.CHUNK + 7);
                    int perSearch = 1 + (int) Math.floorMod(scenario.deliverySeed() >>> 8, 5L);
                    Engine.Budget budget = new Engine.Budget() {
                        @Override
                        public boolean spent(int derived) {
                            return derived >= perSlice;
                        }

                        @Override
                        public boolean searchSpent(int seeds) {
                            return seeds >= perSearch;
                        }
                    };
                    Map<String, Answer> seen = new HashMap<>();
                    Map<String, MilestoneForecast> forecasts = new HashMap<>();
                    Scenario.Delivery delivery = scenario.delivery(scenario.deliverySeed());
                    int half = delivery.sent().size() / 2;

                    // when: every event is followed by one slice at most
                    for (int i = 0; i < delivery.sent().size(); i++) {
                        MilestoneEvent e = delivery.sent().get(i);
                        if (EventRules.check(e).isEmpty()) {
                            sliced.apply(e);
                        }
                        if (i == half) {
                            sliced.recomputeEverything();
                        }
                        if (delivery.recomputeAfter().contains(i)) {
                            collect(sliced.recompute(seen::get, budget), seen, forecasts);
                        }
                    }
                    int seedsLeft = sliced.touchedCount();
                    int slices = 0;
                    while (sliced.pending()) {
                        collect(sliced.recompute(seen::get, budget), seen, forecasts);
                        slices++;
                    }

                    // then: what was published is what a fresh derivation gives now, forecasts too
                    assertThat(slices).isLessThanOrEqualTo(sliced.graph().nodes().size() / perSlice + seedsLeft / perSearch + 3);
                    for (Node n : sliced.graph().nodes()) {
                        Answer a = sliced.derive(n.id);
                        if (a.open() || seen.containsKey(n.id)) {
                            assertThat(seen.get(n.id)).as(n.id).isEqualTo(a);
                        }
                        assertThat(forecasts.get(n.id)).as("forecast of " + n.id).isEqualTo(sliced.forecast(n.id));
                    }
                });
    }

    @Test
    void shouldStopWhereTheBudgetIsSpentEvenWithinAChunkAndKeepTheRestDue() {
        // given: more launches than two chunks
        int launches = Engine.CHUNK * 2 + 1;
        for (int i = 0; i < launches; i++) {
            engine.apply(f.launch(String.format("L%03d", i), "t"));
        }

        // when: a budget spent after three nodes, well within the first chunk, then one of a
        // chunk, one spent at once, and none
        List<AnswerChange> first = engine.recompute(published::get, derived -> derived >= 3).answers();
        int dueAfterFirst = engine.dueCount();
        List<AnswerChange> second = engine.recompute(published::get, derived -> derived >= Engine.CHUNK).answers();
        List<AnswerChange> third = engine.recompute(published::get, derived -> true).answers();
        List<AnswerChange> rest = engine.recompute(published::get).answers();

        // then: each slice stops where its budget is spent, in launch id order, and the rest stays
        // due until every launch is answered once
        assertThat(first).hasSize(3).isSortedAccordingTo(java.util.Comparator.comparing(AnswerChange::launchId));
        assertThat(dueAfterFirst).isEqualTo(launches - 3);
        assertThat(second).hasSize(Engine.CHUNK).isSortedAccordingTo(java.util.Comparator.comparing(AnswerChange::launchId));
        assertThat(third).hasSize(1);
        assertThat(engine.pending()).isFalse();
        List<String> all = new java.util.ArrayList<>();
        for (List<AnswerChange> slice : List.of(first, second, third, rest)) {
            slice.forEach(c -> all.add(c.launchId()));
        }
        assertThat(all).hasSize(launches).doesNotHaveDuplicates();
    }

    @Test
    void shouldDeriveNothingUntilItsReverseSearchIsDone() {
        // given: three launches folded, so three seeds for the reverse search
        for (String id : List.of("A", "B", "C")) {
            engine.apply(f.launch(id, "t"));
        }
        Engine.Budget oneSeedASlice = new Engine.Budget() {
            @Override
            public boolean spent(int derived) {
                return false;
            }

            @Override
            public boolean searchSpent(int seeds) {
                return seeds >= 1;
            }
        };

        // when: slices that let the search take one seed each
        List<AnswerChange> first = engine.recompute(published::get, oneSeedASlice).answers();
        int touchedAfterFirst = engine.touchedCount();
        List<AnswerChange> second = engine.recompute(published::get, oneSeedASlice).answers();
        List<AnswerChange> third = engine.recompute(published::get, oneSeedASlice).answers();

        // then: the first two derive nothing and leave the rest of the search pending; the third
        // ends the search and derives every launch
        assertThat(first).isEmpty();
        assertThat(touchedAfterFirst).isEqualTo(2);
        assertThat(second).isEmpty();
        assertThat(third).extracting(AnswerChange::launchId).containsExactly("A", "B", "C");
        assertThat(engine.pending()).isFalse();
    }

    @Test
    void shouldSearchOnlyWhatAChangeReachesWhenTheGraphBelowIsUnchanged() {
        // given: a launch on top of a chain of 1,000 open milestones, derived once
        List<MilestoneEvent> chain = new java.util.ArrayList<>();
        chain.add(f.launch("L", "t"));
        chain.add(f.hard("L", "M0"));
        for (int i = 0; i < 1_000; i++) {
            chain.add(f.milestone("M" + i, "t"));
            if (i > 0) {
                chain.add(f.hard("M" + (i - 1), "M" + i));
            }
        }
        publish(chain.toArray(MilestoneEvent[]::new));
        long before = engine.searched();

        // when: the launch itself changes, and then the milestone at the bottom
        List<AnswerChange> top = publish(f.status("L", MilestoneStatus.AT_RISK));
        long afterTop = engine.searched();
        List<AnswerChange> bottom = publish(f.status("M999", MilestoneStatus.AT_RISK));

        // then: the first search opens the launch alone; the second, everything above the bottom
        assertThat(top).isEmpty();
        assertThat(afterTop - before).isEqualTo(1);
        assertThat(bottom).singleElement().satisfies(c -> assertThat(c.after().roots().get(0).reason()).isEqualTo(BlockReason.AT_RISK));
        assertThat(engine.searched() - afterTop).isEqualTo(1_001);
    }

    private static void collect(Engine.Recomputed r, Map<String, Answer> seen, Map<String, MilestoneForecast> forecasts) {
        r.answers().forEach(c -> seen.put(c.launchId(), c.after()));
        r.forecasts().forEach(c -> {
            if (c.after() == null) {
                forecasts.remove(c.milestoneId());
            } else {
                forecasts.put(c.milestoneId(), c.after());
            }
        });
    }
}
