package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldTest {
    private static final Milestone EMPTY = Milestone.empty("m");

    private static Milestone apply(Milestone state, Stamp stamp, Object event) {
        Fold.Result<Milestone> r = Fold.milestone(state, stamp, event);
        return r instanceof Fold.Changed<Milestone> c ? c.state() : state;
    }

    private static MilestoneDeclared declared(MilestoneStatus status, String due) {
        return new MilestoneDeclared("m", "team", "name", MilestoneKind.LAUNCH, due == null ? null : LocalDate.parse(due), status, Map.of());
    }

    private static MilestoneStatusChanged status(MilestoneStatus s) {
        return new MilestoneStatusChanged("m", s);
    }

    @Test
    void shouldKeepTheLaterStatusWhateverTheOrder() {
        // given
        Stamp early = new Stamp(1_000, "b");
        Stamp late = new Stamp(2_000, "a");

        // when
        Milestone inOrder = apply(apply(EMPTY, early, status(MilestoneStatus.IN_PROGRESS)), late, status(MilestoneStatus.DONE));
        Milestone reversed = apply(apply(EMPTY, late, status(MilestoneStatus.DONE)), early, status(MilestoneStatus.IN_PROGRESS));

        // then
        assertThat(inOrder.currentStatus()).isEqualTo(MilestoneStatus.DONE);
        assertThat(reversed).isEqualTo(inOrder);
    }

    @Test
    void shouldBreakTiesOfOccurredAtByEventIdBytes() {
        // given: same instant; "a" > "Z" > "9" in ASCII
        Milestone s = EMPTY;

        // when
        s = apply(s, new Stamp(1_000, "a"), status(MilestoneStatus.AT_RISK));
        s = apply(s, new Stamp(1_000, "Z"), status(MilestoneStatus.DONE));
        s = apply(s, new Stamp(1_000, "9"), status(MilestoneStatus.CANCELLED));

        // then
        assertThat(s.currentStatus()).isEqualTo(MilestoneStatus.AT_RISK);
    }

    @Test
    void shouldChangeNothingWhenTheSameEventComesAgain() {
        // given
        Stamp stamp = new Stamp(1_000, "e1");
        Milestone once = apply(EMPTY, stamp, declared(MilestoneStatus.PLANNED, "2026-12-01"));

        // when
        Fold.Result<Milestone> again = Fold.milestone(once, stamp, declared(MilestoneStatus.PLANNED, "2026-12-01"));

        // then
        assertThat(again).isInstanceOf(Fold.Unchanged.class);
    }

    @Test
    void shouldChangeNothingWhenAnOlderEventArrivesLate() {
        // given
        Milestone s = apply(EMPTY, new Stamp(2_000, "e2"), status(MilestoneStatus.DONE));

        // when
        Fold.Result<Milestone> late = Fold.milestone(s, new Stamp(1_000, "e1"), status(MilestoneStatus.PLANNED));

        // then
        assertThat(late).isInstanceOf(Fold.Unchanged.class);
    }

    @Test
    void shouldReportAConflictWhenAnotherFactReusesEventIdAndInstant() {
        // given
        Stamp stamp = new Stamp(1_000, "e1");
        Milestone s = apply(EMPTY, stamp, status(MilestoneStatus.DONE));

        // when
        Fold.Result<Milestone> other = Fold.milestone(s, stamp, status(MilestoneStatus.CANCELLED));

        // then
        assertThat(other).isInstanceOf(Fold.Conflict.class);
        assertThat(((Fold.Conflict<Milestone>) other).message()).contains("e1");
    }

    @Test
    void shouldRejectAConflictingDeclarationWhollyEvenWhereItWouldWinOtherRegisters() {
        // given: e1 wrote the status; a declaration with e1's stamp brings another status and a due date
        Stamp stamp = new Stamp(1_000, "e1");
        Milestone s = apply(EMPTY, stamp, status(MilestoneStatus.DONE));

        // when
        Fold.Result<Milestone> r = Fold.milestone(s, stamp, declared(MilestoneStatus.PLANNED, "2026-12-01"));

        // then
        assertThat(r).isInstanceOf(Fold.Conflict.class);
    }

    @Test
    void shouldLeaveStatusAndDueDateAloneWhenADeclarationOmitsThem() {
        // given
        Milestone s = apply(EMPTY, new Stamp(1_000, "e1"), status(MilestoneStatus.AT_RISK));
        s = apply(s, new Stamp(1_500, "e2"), new MilestoneDueDateChanged("m", LocalDate.parse("2026-12-24")));

        // when: declared later, without status or due date
        s = apply(s, new Stamp(2_000, "e3"), declared(null, null));

        // then
        assertThat(s.exists()).isTrue();
        assertThat(s.currentStatus()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(s.currentDueDate()).isEqualTo(LocalDate.parse("2026-12-24"));
    }

    @Test
    void shouldBePlannedAndUnscheduledUntilToldOtherwise() {
        // when
        Milestone s = apply(EMPTY, new Stamp(1_000, "e1"), declared(null, null));

        // then
        assertThat(s.currentStatus()).isEqualTo(MilestoneStatus.PLANNED);
        assertThat(s.currentDueDate()).isNull();
        assertThat(s.open()).isTrue();
    }

    @Test
    void shouldKeepRegistersThroughRetirementAndRedeclaration() {
        // given
        Milestone s = apply(EMPTY, new Stamp(1_000, "e1"), declared(MilestoneStatus.IN_PROGRESS, "2026-12-01"));

        // when
        Milestone retired = apply(s, new Stamp(2_000, "e2"), new MilestoneRetired("m"));
        Milestone back = apply(retired, new Stamp(3_000, "e3"), declared(null, null));

        // then
        assertThat(retired.exists()).isFalse();
        assertThat(retired.open()).isFalse();
        assertThat(retired.teamId()).isEqualTo("team");
        assertThat(back.exists()).isTrue();
        assertThat(back.currentStatus()).isEqualTo(MilestoneStatus.IN_PROGRESS);
        assertThat(back.currentDueDate()).isEqualTo(LocalDate.parse("2026-12-01"));
    }

    @Test
    void shouldStayRetiredWhenAnOlderDeclarationArrivesAfterTheRetirement() {
        // given
        Milestone s = apply(EMPTY, new Stamp(2_000, "e2"), new MilestoneRetired("m"));

        // when
        s = apply(s, new Stamp(1_000, "e1"), declared(MilestoneStatus.PLANNED, null));

        // then: described (so RETIRED, not UNKNOWN, to its dependents) but not existing
        assertThat(s.everDeclared()).isTrue();
        assertThat(s.exists()).isFalse();
    }

    @Test
    void shouldKeepEventsForAMilestoneNotYetDeclared() {
        // given
        Milestone s = apply(EMPTY, new Stamp(5_000, "e5"), status(MilestoneStatus.DONE));
        assertThat(s.exists()).isFalse();

        // when
        s = apply(s, new Stamp(1_000, "e1"), declared(MilestoneStatus.PLANNED, null));

        // then
        assertThat(s.resolved()).isTrue();
    }

    @Test
    void shouldMakeADueDateChangeWithoutDateUnscheduled() {
        // given
        Milestone s = apply(EMPTY, new Stamp(1_000, "e1"), declared(null, "2026-12-01"));

        // when
        s = apply(s, new Stamp(2_000, "e2"), new MilestoneDueDateChanged("m", null));

        // then
        assertThat(s.currentDueDate()).isNull();
        assertThat(s.dueDate()).isNotNull();
    }

    @Test
    void shouldNotBringBackARemovedEdgeWithAnOlderDeclaration() {
        // given
        Dependency removed = ((Fold.Changed<Dependency>) Fold.dependency(null, new Stamp(2_000, "e2"), new DependencyRemoved("a", "b"))).state();

        // when
        Fold.Result<Dependency> late = Fold.dependency(removed, new Stamp(1_000, "e1"), new DependencyDeclared("a", "b", DependencyStrength.HARD, null));

        // then
        assertThat(removed.present()).isFalse();
        assertThat(late).isInstanceOf(Fold.Unchanged.class);
    }

    @Test
    void shouldReplaceAnEdgesAttributesWithANewerDeclaration() {
        // given
        Dependency hard = ((Fold.Changed<Dependency>) Fold.dependency(null, new Stamp(1_000, "e1"),
                new DependencyDeclared("a", "b", DependencyStrength.HARD, LocalDate.parse("2026-12-01")))).state();

        // when
        Fold.Result<Dependency> soft = Fold.dependency(hard, new Stamp(2_000, "e2"), new DependencyDeclared("a", "b", DependencyStrength.SOFT, null));

        // then
        Dependency now = ((Fold.Changed<Dependency>) soft).state();
        assertThat(now.strength()).isEqualTo(DependencyStrength.SOFT);
        assertThat(now.neededBy()).isNull();
    }

    @Test
    void shouldEndInTheSameStateForEveryOrderOfTheSameEvents() {
        // given
        List<Object[]> events = List.of(
                new Object[] {new Stamp(1_000, "e1"), declared(MilestoneStatus.PLANNED, "2026-12-01")},
                new Object[] {new Stamp(2_000, "e2"), status(MilestoneStatus.IN_PROGRESS)},
                new Object[] {new Stamp(2_000, "e3"), new MilestoneRetired("m")},
                new Object[] {new Stamp(3_000, "e4"), new MilestoneDueDateChanged("m", null)},
                new Object[] {new Stamp(2_500, "e5"), declared(null, "2027-01-01")});
        Milestone expected = null;

        // when / then: all 120 orders
        for (List<Object[]> order : permutations(events)) {
            Milestone s = EMPTY;
            for (Object[] e : order) {
                s = apply(s, (Stamp) e[0], e[1]);
            }
            if (expected == null) {
                expected = s;
            }
            assertThat(s).isEqualTo(expected);
        }
        assertThat(expected.exists()).isTrue();
        assertThat(expected.currentStatus()).isEqualTo(MilestoneStatus.IN_PROGRESS);
        assertThat(expected.currentDueDate()).isNull();
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new java.util.ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> p = new java.util.ArrayList<>();
                p.add(head);
                p.addAll(tail);
                result.add(p);
            }
        }
        return result;
    }
}
