package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.internal.Answer.Blocker;
import io.launchgraph.topology.internal.Answer.Risk;
import io.launchgraph.topology.internal.Answer.Root;
import io.launchgraph.topology.testing.Facts;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerivationTest {
    private final Facts f = new Facts();
    private final Engine engine = new Engine();

    private Answer given(MilestoneEvent... events) {
        for (MilestoneEvent e : events) {
            engine.apply(e);
        }
        return engine.derive("L");
    }

    @Test
    void shouldMarkLaunchBlockedWhenDependencyIsNotDone() {
        // when
        Answer a = given(f.launch("L", "t-l"), f.milestone("M", "t-m"), f.hard("L", "M"));

        // then
        assertThat(a.blocked()).isTrue();
        assertThat(a.direct()).containsExactly(new Blocker("M", "t-m", BlockReason.PLANNED));
        assertThat(a.roots()).containsExactly(new Root("M", "t-m", BlockReason.PLANNED, false, List.of("L", "M")));
    }

    @Test
    void shouldNotBlockWhenDependencyIsDone() {
        // when
        Answer a = given(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"), f.status("M", MilestoneStatus.DONE));

        // then
        assertThat(a.open()).isTrue();
        assertThat(a.blocked()).isFalse();
        assertThat(a.direct()).isEmpty();
        assertThat(a.roots()).isEmpty();
    }

    @Test
    void shouldNotBlockThroughASoftDependency() {
        // when
        Answer a = given(f.launch("L", "t"), f.milestone("M", "t"), f.soft("L", "M"));

        // then
        assertThat(a.blocked()).isFalse();
    }

    @Test
    void shouldUnblockWhenTheDependencyIsRemovedAndBlockAgainWhenRedeclared() {
        // given
        given(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"));

        // then
        assertThat(given(f.remove("L", "M")).blocked()).isFalse();
        assertThat(given(f.hard("L", "M")).blocked()).isTrue();
    }

    @Test
    void shouldBlockWithReasonCancelledWhenTheDependencyWasCancelled() {
        // when
        Answer a = given(f.launch("L", "t"), f.milestone("M", "t-m"), f.hard("L", "M"), f.status("M", MilestoneStatus.CANCELLED));

        // then
        assertThat(a.direct()).containsExactly(new Blocker("M", "t-m", BlockReason.CANCELLED));
        assertThat(a.roots()).extracting(Root::reason).containsExactly(BlockReason.CANCELLED);
    }

    @Test
    void shouldBlockWithReasonUnknownAndNoTeamWhenTheDependencyWasNeverDeclared() {
        // when
        Answer a = given(f.launch("L", "t"), f.hard("L", "ghost"), f.status("ghost", MilestoneStatus.DONE));

        // then: a status without a declaration does not make it exist
        assertThat(a.direct()).containsExactly(new Blocker("ghost", null, BlockReason.UNKNOWN));
    }

    @Test
    void shouldBlockAgainWithReasonRetiredWhenADoneDependencyIsRetired() {
        // when
        Answer a = given(
                f.launch("L", "t"), f.milestone("M", "t-m"), f.hard("L", "M"),
                f.status("M", MilestoneStatus.DONE), f.retire("M"));

        // then
        assertThat(a.direct()).containsExactly(new Blocker("M", "t-m", BlockReason.RETIRED));
    }

    @Test
    void shouldAnswerClosedForALaunchThatIsDoneCancelledRetiredOrNoLongerALaunch() {
        // given
        given(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"));

        // then
        assertThat(given(f.status("L", MilestoneStatus.DONE))).isEqualTo(Answer.CLOSED);
        assertThat(given(f.status("L", MilestoneStatus.CANCELLED))).isEqualTo(Answer.CLOSED);
        assertThat(given(f.status("L", MilestoneStatus.IN_PROGRESS)).blocked()).isTrue();
        assertThat(given(f.retire("L"))).isEqualTo(Answer.CLOSED);
        assertThat(given(f.launch("L", "t")).blocked()).isTrue();
        assertThat(given(f.milestone("L", "t"))).isEqualTo(Answer.CLOSED);
    }

    @Test
    void shouldFindRootCauseAtTheEndOfAChainWithItsPath() {
        // when: L -> A -> B -> C(done)
        Answer a = given(
                f.launch("L", "t"), f.milestone("A", "ta"), f.milestone("B", "tb"), f.milestone("C", "tc"),
                f.hard("L", "A"), f.hard("A", "B"), f.hard("B", "C"), f.status("C", MilestoneStatus.DONE));

        // then
        assertThat(a.direct()).extracting(Blocker::milestoneId).containsExactly("A");
        assertThat(a.roots()).containsExactly(new Root("B", "tb", BlockReason.PLANNED, false, List.of("L", "A", "B")));
    }

    @Test
    void shouldStopAtAMilestoneThatIsNotOpen() {
        // when: L -> A(cancelled) -> B: a cancelled milestone blocks, but its own edges do not
        Answer a = given(
                f.launch("L", "t"), f.milestone("A", "t"), f.milestone("B", "t"),
                f.hard("L", "A"), f.hard("A", "B"), f.status("A", MilestoneStatus.CANCELLED));

        // then
        assertThat(a.roots()).extracting(Root::milestoneId).containsExactly("A");
    }

    @Test
    void shouldReportEveryMemberOfABottomCycle() {
        // when: L -> A -> B -> A
        Answer a = given(
                f.launch("L", "t"), f.milestone("A", "ta"), f.milestone("B", "tb"),
                f.hard("L", "A"), f.hard("A", "B"), f.hard("B", "A"));

        // then
        assertThat(a.roots()).containsExactly(
                new Root("A", "ta", BlockReason.PLANNED, true, List.of("L", "A")),
                new Root("B", "tb", BlockReason.PLANNED, true, List.of("L", "A", "B")));
    }

    @Test
    void shouldReportTheLaunchItselfWhenItSitsInTheCycle() {
        // when: L -> A -> L
        Answer a = given(f.launch("L", "t"), f.milestone("A", "ta"), f.hard("L", "A"), f.hard("A", "L"));

        // then
        assertThat(a.roots()).containsExactly(
                new Root("A", "ta", BlockReason.PLANNED, true, List.of("L", "A")),
                new Root("L", "t", BlockReason.PLANNED, true, List.of("L")));
    }

    @Test
    void shouldNotReportACycleThatWaitsOnSomethingElse() {
        // when: L -> A <-> B -> C
        Answer a = given(
                f.launch("L", "t"), f.milestone("A", "t"), f.milestone("B", "t"), f.milestone("C", "tc"),
                f.hard("L", "A"), f.hard("A", "B"), f.hard("B", "A"), f.hard("B", "C"));

        // then
        assertThat(a.roots()).containsExactly(new Root("C", "tc", BlockReason.PLANNED, false, List.of("L", "A", "B", "C")));
    }

    @Test
    void shouldChooseTheSmallestOfTheShortestPaths() {
        // when: L -> b -> x -> R and L -> a -> y -> R and L -> a -> x: [L, a, x, R] < [L, a, y, R] < [L, b, x, R]
        Answer a = given(
                f.launch("L", "t"), f.milestone("a", "t"), f.milestone("b", "t"), f.milestone("x", "t"),
                f.milestone("y", "t"), f.milestone("R", "t"), f.milestone("Z", "t"),
                f.hard("L", "b"), f.hard("b", "x"), f.hard("x", "R"),
                f.hard("L", "a"), f.hard("a", "y"), f.hard("y", "R"), f.hard("a", "x"),
                // a longer but smaller path does not count: L -> Z -> ... is not shorter
                f.hard("L", "Z"), f.hard("Z", "b"));

        // then
        assertThat(a.roots()).containsExactly(new Root("R", "t", BlockReason.PLANNED, false, List.of("L", "a", "x", "R")));
    }

    @Test
    void shouldComparePathIdsByAsciiBytes() {
        // when: two equally short paths through "_" (0x5F) and "a" (0x61) and "Z" (0x5A)
        Answer a = given(
                f.launch("L", "t"), f.milestone("a", "t"), f.milestone("_", "t"), f.milestone("Z", "t"), f.milestone("R", "t"),
                f.hard("L", "a"), f.hard("L", "_"), f.hard("L", "Z"), f.hard("a", "R"), f.hard("_", "R"), f.hard("Z", "R"));

        // then
        assertThat(a.roots()).extracting(Root::path).containsExactly(List.of("L", "Z", "R"));
    }

    @Test
    void shouldReportLateDependenciesOfTheLaunchAndOfItsOpenBlockingSubgraph() {
        // given: L (due 12-10) -> A (due 12-20, late) -> B (unscheduled, late for A's neededBy)
        //        L ~> S (soft, due 12-31, late); L -> D (done, ignored); A -> C (due 12-01, in time)
        Answer a = given(
                f.launch("L", "t", "2026-12-10"), f.milestone("A", "t", "2026-12-20"), f.milestone("B", "t"),
                f.milestone("S", "t", "2026-12-31"), f.milestone("D", "t", "2027-06-01"), f.milestone("C", "t", "2026-12-01"),
                f.hard("L", "A"), f.dependency("A", "B", DependencyStrength.HARD, "2026-12-15"), f.soft("L", "S"),
                f.hard("L", "D"), f.status("D", MilestoneStatus.DONE), f.hard("A", "C"));

        // then
        assertThat(a.risk()).containsExactly(
                new Risk("A", "B", DependencyStrength.HARD, LocalDate.parse("2026-12-15"), null),
                new Risk("L", "A", DependencyStrength.HARD, LocalDate.parse("2026-12-10"), LocalDate.parse("2026-12-20")),
                new Risk("L", "S", DependencyStrength.SOFT, LocalDate.parse("2026-12-10"), LocalDate.parse("2026-12-31")));
    }

    @Test
    void shouldReportRiskOfAnUnblockedLaunchAndTreatRetiredTargetsAsUnscheduled() {
        // when: L's only dependency is soft and retired (its last due date no longer counts)
        Answer a = given(
                f.launch("L", "t", "2026-12-10"), f.milestone("S", "t", "2026-12-01"), f.soft("L", "S"), f.retire("S"));

        // then
        assertThat(a.blocked()).isFalse();
        assertThat(a.risk()).containsExactly(new Risk("L", "S", DependencyStrength.SOFT, LocalDate.parse("2026-12-10"), null));
    }

    @Test
    void shouldNotReportRiskWithoutANeededDate() {
        // when: neither the edge nor the launch has a date
        Answer a = given(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"));

        // then
        assertThat(a.risk()).isEmpty();
    }

    @Test
    void shouldNotCountEdgesOfNodesOutsideTheOpenBlockingSubgraph() {
        // when: L -> A(cancelled, due) ~> B late: A is in the subgraph but not open
        Answer a = given(
                f.launch("L", "t"), f.declared("A", "t", MilestoneKind.MILESTONE, MilestoneStatus.CANCELLED, LocalDate.parse("2026-12-01")),
                f.milestone("B", "t"), f.hard("L", "A"), f.soft("A", "B"));

        // then
        assertThat(a.risk()).isEmpty();
    }

    @Test
    void shouldListTheTeamsThatOwnADirectOrRootBlocker() {
        // when: L -> A(ta) -> B(tb), L -> G(unknown)
        Answer a = given(
                f.launch("L", "tl"), f.milestone("A", "ta"), f.milestone("B", "tb"),
                f.hard("L", "A"), f.hard("A", "B"), f.hard("L", "G"));

        // then
        assertThat(TeamView.teamsBlocking(a)).containsExactly(
                java.util.Map.entry("ta", List.of("A")), java.util.Map.entry("tb", List.of("B")));
    }

    @Test
    void shouldListATeamsMilestonesOnceAndSortedWhenTheyBlockDirectlyAndAtTheRoot() {
        // when: L -> C(ta) -> Z(ta), L -> A(ta) (a root itself), L -> B(tb) -> Z
        Answer a = given(
                f.launch("L", "tl"), f.milestone("C", "ta"), f.milestone("Z", "ta"), f.milestone("A", "ta"), f.milestone("B", "tb"),
                f.hard("L", "C"), f.hard("C", "Z"), f.hard("L", "A"), f.hard("L", "B"), f.hard("B", "Z"));

        // then: A is both a direct and a root blocker, Z the root of two chains
        assertThat(TeamView.teamsBlocking(a)).containsExactly(
                java.util.Map.entry("ta", List.of("A", "C", "Z")), java.util.Map.entry("tb", List.of("B")));
        assertThat(TeamView.diff("L", TeamView.teamsBlocking(a), java.util.Map.of("ta", List.of("A"))))
                .containsExactly(new TeamView.TeamChange("tb", "L", null), new TeamView.TeamChange("ta", "L", List.of("A")));
    }

    @Test
    void shouldHandleAChainLongerThanTheStackWouldAllow() {
        // when: L -> m0 -> m1 -> ... -> m19999, far deeper than a recursive search could go
        int length = 20_000;
        engine.apply(f.launch("L", "t"));
        engine.apply(f.hard("L", "m0"));
        for (int i = 0; i < length; i++) {
            engine.apply(f.milestone("m" + i, "t"));
            if (i + 1 < length) {
                engine.apply(f.hard("m" + i, "m" + (i + 1)));
            }
        }
        Answer a = engine.derive("L");

        // then
        assertThat(a.roots()).singleElement().satisfies(r -> {
            assertThat(r.milestoneId()).isEqualTo("m19999");
            assertThat(r.path()).hasSize(length + 1);
        });
    }

    @Test
    void shouldReportEveryMemberOfALongCycle() {
        // when: L -> c0 -> c1 -> ... -> c299 -> c0
        int length = 300;
        engine.apply(f.launch("L", "t"));
        engine.apply(f.hard("L", "c0"));
        for (int i = 0; i < length; i++) {
            engine.apply(f.milestone("c" + i, "t"));
            engine.apply(f.hard("c" + i, "c" + ((i + 1) % length)));
        }
        Answer a = engine.derive("L");

        // then
        assertThat(a.roots()).hasSize(length).allMatch(Root::cycle);
        assertThat(a.roots().stream().filter(r -> r.milestoneId().equals("c299")).findFirst().orElseThrow().path())
                .hasSize(length + 1);
    }
}
