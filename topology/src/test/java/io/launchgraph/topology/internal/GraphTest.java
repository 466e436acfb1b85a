package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphTest {
    private final Graph graph = new Graph();

    /** A copy that is equal to {@code s} but not the same instance, as every decoded record holds. */
    private static String copy(String s) {
        return new String(s.toCharArray());
    }

    private static LocalDate copy(LocalDate d) {
        return LocalDate.ofEpochDay(d.toEpochDay());
    }

    /** A milestone as a store record decodes it: every register with a stamp of its own. */
    private static Milestone decoded(String id, String team, Map<String, String> labels, LocalDate due) {
        return new Milestone(
                copy(id),
                new Register<>(new Milestone.Descriptor(copy(team), copy("Name of " + id), MilestoneKind.MILESTONE, labels), new Stamp(1, copy("ev-1"))),
                new Register<>(MilestoneStatus.IN_PROGRESS, new Stamp(1, copy("ev-1"))),
                new Register<>(copy(due), new Stamp(1, copy("ev-1"))),
                new Register<>(true, new Stamp(1, copy("ev-1"))));
    }

    @Test
    void shouldKeepOneInstanceOfEachIdTeamLabelAndDayAcrossMilestonesAndEdges() {
        // given
        LocalDate due = LocalDate.of(2027, 3, 22);
        graph.putMilestone(decoded("A", "team-1", Map.of(copy("market"), copy("US")), due));
        graph.putMilestone(decoded("B", "team-1", Map.of(copy("market"), copy("US")), due));

        // when
        graph.putDependency(new Dependency(copy("A"), copy("B"), true, DependencyStrength.HARD, copy(due), new Stamp(2, "ev-2")));

        // then
        Milestone a = graph.milestone("A");
        Milestone b = graph.milestone("B");
        assertThat(a).isEqualTo(decoded("A", "team-1", Map.of("market", "US"), due));
        assertThat(a.id()).isSameAs(graph.find("A").id);
        assertThat(a.teamId()).isSameAs(b.teamId());
        Map.Entry<String, String> labelA = a.descriptor().value().labels().entrySet().iterator().next();
        Map.Entry<String, String> labelB = b.descriptor().value().labels().entrySet().iterator().next();
        assertThat(labelA.getKey()).isSameAs(labelB.getKey());
        assertThat(labelA.getValue()).isSameAs(labelB.getValue());
        assertThat(a.currentDueDate()).isSameAs(b.currentDueDate());
        Dependency edge = graph.dependency("A", "B");
        assertThat(edge.dependentId()).isSameAs(graph.find("A").id);
        assertThat(edge.dependencyId()).isSameAs(graph.find("B").id);
        assertThat(edge.neededBy()).isEqualTo(due).isSameAs(a.currentDueDate());
    }

    @Test
    void shouldShareOneStampAmongTheRegistersOneEventWrote() {
        // when
        graph.putMilestone(decoded("A", "team-1", Map.of(), LocalDate.of(2027, 1, 1)));

        // then
        Milestone a = graph.milestone("A");
        assertThat(a.status().stamp()).isEqualTo(new Stamp(1, "ev-1")).isSameAs(a.descriptor().stamp());
        assertThat(a.dueDate().stamp()).isSameAs(a.descriptor().stamp());
        assertThat(a.existence().stamp()).isSameAs(a.descriptor().stamp());
    }

    @Test
    void shouldKeepStampsApartWhenOtherEventsWroteTheRegisters() {
        // given
        Stamp declared = new Stamp(1, "ev-1");
        Stamp moved = new Stamp(5, "ev-5");

        // when
        graph.putMilestone(new Milestone("A",
                new Register<>(new Milestone.Descriptor("t", "A", MilestoneKind.LAUNCH, Map.of()), declared),
                new Register<>(MilestoneStatus.PLANNED, declared),
                new Register<>(LocalDate.of(2027, 1, 1), moved),
                new Register<>(true, declared)));

        // then
        Milestone a = graph.milestone("A");
        assertThat(a.dueDate().stamp()).isEqualTo(moved);
        assertThat(a.existence().stamp()).isSameAs(declared);
    }

    @Test
    void shouldKeepADayOutsideTheSharedRangeAsItCame() {
        // given
        LocalDate far = LocalDate.of(9999, 12, 31);

        // then
        assertThat(Graph.day(far)).isSameAs(far);
        assertThat(Graph.day(copy(LocalDate.of(2030, 6, 1)))).isSameAs(Graph.day(copy(LocalDate.of(2030, 6, 1))));
    }
}
