package io.launchgraph.app.importer;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an export says the graph should be, before anything is compared with the current one:
 * its milestones, its edges, and which ids' edges it lists completely ({@code coveredOut}: every
 * edge out of the id; {@code coveredIn}: every edge into it), so that an edge missing from a later
 * export can be told from one the export never showed. Refused rows are in {@code problems}; an
 * export with any is not imported.
 */
public record Desired(
        List<Milestone> milestones,
        List<Edge> edges,
        Set<String> coveredOut,
        Set<String> coveredIn,
        List<Problem> problems,
        List<String> notes) {

    /** A milestone as the export has it; {@code updatedAt} is the tracker's last change, null when the export has none. */
    public record Milestone(
            String id, String teamId, String name, MilestoneKind kind, LocalDate dueDate, MilestoneStatus status,
            Map<String, String> labels, Instant updatedAt) {
        public Milestone {
            labels = Map.copyOf(labels);
        }
    }

    /** An edge {@code dependentId -> dependencyId}; {@code updatedAt} is the latest change of the issues that show it, or null. */
    public record Edge(String dependentId, String dependencyId, DependencyStrength strength, LocalDate neededBy, Instant updatedAt) {}

    public Desired {
        milestones = List.copyOf(milestones);
        edges = List.copyOf(edges);
        coveredOut = Set.copyOf(coveredOut);
        coveredIn = Set.copyOf(coveredIn);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean accepted() {
        return problems.isEmpty();
    }
}
