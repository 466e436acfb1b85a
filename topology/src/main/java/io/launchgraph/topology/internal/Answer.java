package io.launchgraph.topology.internal;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.DependencyStrength;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The derived answer for one launch (SEMANTICS.md "Derived answers"). Lists are immutable and
 * sorted (blockers by milestone id, risk by dependent then dependency id), so equal answers are
 * equal values and serialize to equal bytes.
 */
public record Answer(boolean open, boolean blocked, List<Blocker> direct, List<Root> roots, List<Risk> risk) {

    /** The final answer of a launch that is no longer open. */
    public static final Answer CLOSED = new Answer(false, false, List.of(), List.of(), List.of());

    public Answer {
        direct = List.copyOf(direct);
        roots = List.copyOf(roots);
        risk = List.copyOf(risk);
    }

    public record Blocker(String milestoneId, String teamId, BlockReason reason) {
        public Blocker {
            Objects.requireNonNull(milestoneId, "milestoneId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public record Root(String milestoneId, String teamId, BlockReason reason, boolean cycle, List<String> path) {
        public Root {
            Objects.requireNonNull(milestoneId, "milestoneId");
            Objects.requireNonNull(reason, "reason");
            path = List.copyOf(path);
        }
    }

    public record Risk(
            String dependentId, String dependencyId, DependencyStrength strength, LocalDate neededBy, LocalDate dueDate) {
        public Risk {
            Objects.requireNonNull(dependentId, "dependentId");
            Objects.requireNonNull(dependencyId, "dependencyId");
            Objects.requireNonNull(strength, "strength");
            Objects.requireNonNull(neededBy, "neededBy");
        }
    }
}
