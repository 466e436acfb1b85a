package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.testing.Facts;
import io.launchgraph.topology.testing.LaunchGraphDriver;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What-ifs (SEMANTICS.md "What if") on a replica of the folded state. */
class WhatIfTest {
    private final Facts f = new Facts();

    /** launch L (due 2027-03-01) needs m-app by 2027-02-01; m-app needs m-storage by 2027-01-15; K waits on nothing. */
    private List<MilestoneEvent> organisation() {
        return List.of(
                f.launch("L", "team-ads", "2027-03-01"),
                f.launch("K", "team-ads", "2027-03-01"),
                f.milestone("m-app", "team-app", "2027-01-20"),
                f.milestone("m-storage", "team-storage", "2027-01-10"),
                f.dependency("L", "m-app", io.launchgraph.avro.DependencyStrength.HARD, "2027-02-01"),
                f.dependency("m-app", "m-storage", io.launchgraph.avro.DependencyStrength.HARD, "2027-01-15"));
    }

    private static WhatIf replicaOf(List<MilestoneEvent> events) {
        WhatIf whatIf = new WhatIf();
        try (LaunchGraphDriver driver = new LaunchGraphDriver()) {
            events.forEach(driver::send);
            driver.recompute();
            LaunchGraphDriver.entries(driver.milestoneStore()).values().forEach(whatIf::put);
            LaunchGraphDriver.entries(driver.dependencyStore()).values().forEach(whatIf::put);
        }
        return whatIf;
    }

    @Test
    void shouldListAMilestonesEdgeRegistersRemovedOnesIncludedAndWhoDependsOnIt() {
        // given: L also needed K once, and no more
        List<MilestoneEvent> events = new ArrayList<>(organisation());
        events.add(f.hard("L", "K"));
        events.add(f.remove("L", "K"));
        WhatIf whatIf = replicaOf(events);

        // when
        var out = whatIf.dependencies("L");
        var in = whatIf.dependents("m-app");

        // then: an importer tells a removed edge by its register, and whose event removed it by the stamp
        assertThat(out).extracting(d -> d.getDependencyId() + " " + d.getPresent()).containsExactly("K false", "m-app true");
        assertThat(out.get(0).getStamp().getEventId()).isEqualTo(events.get(events.size() - 1).getEventId());
        assertThat(in).extracting(d -> d.getDependentId()).containsExactly("L");
        assertThat(whatIf.dependents("K")).isEmpty();
        assertThat(whatIf.dependencies("m-nobody")).isEmpty();
    }

    @Test
    void shouldLookUpAMilestoneAsTheReplicaHasIt() {
        // given
        WhatIf whatIf = replicaOf(organisation());

        // when
        var app = whatIf.milestone("m-app");

        // then: the registers the stores hold; nothing for an id nobody declared
        assertThat(app.getDescriptor().getTeamId()).isEqualTo("team-app");
        assertThat(app.getDueDate().getDueDate()).isEqualTo(LocalDate.parse("2027-01-20"));
        assertThat(whatIf.milestone("m-nobody")).isNull();
    }

    @Test
    void shouldMoveTheLaunchForecastWhenAMilestoneDeepDownSlips() {
        // given
        WhatIf whatIf = replicaOf(organisation());

        // when: m-storage slips 40 days, to 2027-02-19: m-app forecast 2027-02-24, L 2027-03-24
        WhatIf.Outcome outcome = whatIf.run(List.of(new WhatIf.Slip("m-storage", 40)));

        // then
        assertThat(outcome.changed()).singleElement().satisfies(c -> {
            assertThat(c.launchId()).isEqualTo("L");
            assertThat(c.before().getForecast().getState()).isEqualTo(ForecastState.ON_TIME);
            assertThat(c.after().getForecast().getState()).isEqualTo(ForecastState.LATE);
            assertThat(c.after().getForecast().getDate()).isEqualTo(LocalDate.parse("2027-03-24"));
            assertThat(c.after().getForecast().getCriticalPath()).containsExactly("L", "m-app", "m-storage");
        });
        assertThat(outcome.unchanged()).isEqualTo(1);
        assertThat(outcome.after().forecasts().get("m-storage").getDate()).isEqualTo(LocalDate.parse("2027-02-19"));
        assertThat(outcome.before().milestones()).containsKey("L");
    }

    @Test
    void shouldUnblockWhenDoneAndLetLaterHypothesesWin() {
        // given
        WhatIf whatIf = replicaOf(organisation());

        // when
        WhatIf.Outcome done = whatIf.run(List.of(new WhatIf.Done("m-app")));
        WhatIf.Outcome doneThenReopened = whatIf.run(List.of(
                new WhatIf.Done("m-app"),
                new WhatIf.Event(f.status("m-app", MilestoneStatus.IN_PROGRESS))));

        // then
        assertThat(done.changed()).singleElement().satisfies(c -> {
            assertThat(c.before().getBlocked()).isTrue();
            assertThat(c.after().getBlocked()).isFalse();
        });
        assertThat(doneThenReopened.changed()).singleElement().satisfies(c -> assertThat(c.after().getDirectBlockers())
                .singleElement().satisfies(b -> assertThat(b.getReason().name()).isEqualTo("IN_PROGRESS")));
    }

    @Test
    void shouldAnswerForLaunchesThatOpenOrCloseAndForgetIdsItInvented() {
        // given
        WhatIf whatIf = replicaOf(organisation());
        int ids = whatIf.size();

        // when: a new launch N waiting on a new milestone, and K cancelled
        WhatIf.Outcome outcome = whatIf.run(List.of(
                new WhatIf.Event(f.launch("N", "team-new", "2027-05-01")),
                new WhatIf.Event(f.hard("N", "m-new")),
                new WhatIf.Event(f.status("K", MilestoneStatus.CANCELLED))));

        // then
        assertThat(outcome.changed()).extracting(WhatIf.Change::launchId).containsExactly("K", "N");
        assertThat(outcome.changed().get(0).after()).isNull();
        assertThat(outcome.changed().get(1).before()).isNull();
        assertThat(outcome.changed().get(1).after().getBlocked()).isTrue();
        assertThat(outcome.after().milestones().get("K").getStatus().getStatus()).isEqualTo(MilestoneStatus.CANCELLED);
        assertThat(outcome.unchanged()).isEqualTo(1);
        assertThat(whatIf.size()).isEqualTo(ids);
        assertThat(whatIf.run(List.of()).unchanged()).isEqualTo(2);
    }

    @Test
    void shouldRefuseShorthandsAboutWhatDoesNotExistAndLeaveTheStateAsItWas() {
        // given
        WhatIf whatIf = replicaOf(organisation());
        WhatIf.Outcome baseline = whatIf.run(List.of(new WhatIf.Slip("m-storage", 40)));

        // when / then
        assertThatThrownBy(() -> whatIf.run(List.of(new WhatIf.Done("m-app"), new WhatIf.Slip("m-nope", 3))))
                .isInstanceOfSatisfying(WhatIf.BadHypothesis.class, e -> {
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e.code()).isEqualTo(WhatIf.UNKNOWN_MILESTONE);
                });
        assertThatThrownBy(() -> whatIf.run(List.of(new WhatIf.Remove("L", "m-storage"))))
                .isInstanceOfSatisfying(WhatIf.BadHypothesis.class, e -> assertThat(e.code()).isEqualTo(WhatIf.UNKNOWN_DEPENDENCY));
        assertThatThrownBy(() -> whatIf.run(List.of(new WhatIf.Event(f.due("m-app", null)), new WhatIf.Slip("m-app", 1))))
                .isInstanceOfSatisfying(WhatIf.BadHypothesis.class, e -> assertThat(e.code()).isEqualTo(WhatIf.CANNOT_SLIP));
        // and: the failed ones left nothing behind
        assertThat(whatIf.run(List.of(new WhatIf.Slip("m-storage", 40)))).isEqualTo(baseline);
    }

    @Test
    void shouldStartFromEveryBatchFed() {
        // given: a replica that answered once, then a batch in which m-app is done
        WhatIf whatIf = replicaOf(organisation());
        assertThat(whatIf.run(List.of()).unchanged()).isEqualTo(2);
        List<MilestoneEvent> later = new ArrayList<>(organisation());
        later.add(f.status("m-app", MilestoneStatus.DONE));
        var appDone = replicaOf(later).milestone("m-app");
        whatIf.batch(() -> whatIf.put(appDone));

        // when
        WhatIf.Outcome reopened = whatIf.run(List.of(new WhatIf.Event(f.status("m-app", MilestoneStatus.IN_PROGRESS))));

        // then: "before" already has L unblocked by the batch
        assertThat(reopened.changed()).singleElement().satisfies(c -> {
            assertThat(c.launchId()).isEqualTo("L");
            assertThat(c.before().getBlocked()).isFalse();
            assertThat(c.after().getBlocked()).isTrue();
        });
    }

    @Test
    void shouldKeepConcurrentWhatIfsApart() throws Exception {
        // given
        WhatIf whatIf = replicaOf(organisation());
        List<WhatIf.Hypothesis> slip = List.of(new WhatIf.Slip("m-storage", 40));
        List<WhatIf.Hypothesis> done = List.of(new WhatIf.Done("m-app"));
        WhatIf.Outcome slipAlone = whatIf.run(slip);
        WhatIf.Outcome doneAlone = whatIf.run(done);

        // when
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                boolean even = i % 2 == 0;
                Callable<Boolean> task = () -> whatIf.run(even ? slip : done).equals(even ? slipAlone : doneAlone);
                results.add(pool.submit(task));
            }
            // then
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
