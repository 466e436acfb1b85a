package io.launchgraph.app.http;

import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneState;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the HTTP API answers, field names as SEMANTICS.md has them. */
public final class Views {
    private Views() {}

    public record Blocker(String milestoneId, String teamId, String reason) {}

    public record RootBlocker(String milestoneId, String teamId, String reason, boolean cycle, List<String> path) {}

    public record Risk(String dependentId, String dependencyId, String strength, LocalDate neededBy, LocalDate dueDate) {}

    /** One launch: who owns it and what it is, then its answer. */
    public record Launch(
            String launchId,
            String teamId,
            String name,
            String status,
            LocalDate dueDate,
            Map<String, String> labels,
            boolean open,
            boolean blocked,
            List<Blocker> directBlockers,
            List<RootBlocker> rootBlockers,
            List<Risk> risk,
            String causeEventId) {}

    public record Launches(int total, int offset, List<Launch> launches) {}

    public record TeamLaunch(String launchId, String name, String status, LocalDate dueDate, List<String> milestoneIds) {}

    /** The open launches a team blocks, most urgent first, and through which of its milestones. */
    public record TeamBlocking(String teamId, int count, List<TeamLaunch> launches) {}

    public record TeamCount(String teamId, int count) {}

    public record Teams(List<TeamCount> teams) {}

    public record Edge(String milestoneId, String strength, LocalDate neededBy) {}

    public record Milestone(
            String milestoneId,
            boolean declared,
            boolean exists,
            String teamId,
            String name,
            String kind,
            String status,
            LocalDate dueDate,
            Map<String, String> labels,
            List<Edge> dependencies,
            List<Edge> dependents) {}

    public record Accepted(int accepted) {}

    public record Refusal(Integer index, Integer line, String code, String message) {}

    public record Refused(String error, int accepted, List<Refusal> refused) {}

    public record Error(int status, String error) {}

    public record Health(String status, String streams, boolean live, boolean ready) {}

    static Launch launch(LaunchAnswer a, MilestoneState m) {
        var d = m == null ? null : m.getDescriptor();
        return new Launch(
                a.getLaunchId(),
                d == null ? null : d.getTeamId(),
                d == null ? null : d.getName(),
                status(m),
                m == null || m.getDueDate() == null ? null : m.getDueDate().getDueDate(),
                d == null ? Map.of() : d.getLabels(),
                a.getOpen(),
                a.getBlocked(),
                a.getDirectBlockers().stream().map(b -> new Blocker(b.getMilestoneId(), b.getTeamId(), b.getReason().name())).toList(),
                a.getRootBlockers().stream()
                        .map(r -> new RootBlocker(r.getMilestoneId(), r.getTeamId(), r.getReason().name(), r.getCycle(), r.getPath()))
                        .toList(),
                a.getRisk().stream()
                        .map(r -> new Risk(r.getDependentId(), r.getDependencyId(), r.getStrength().name(), r.getNeededBy(), r.getDueDate()))
                        .toList(),
                a.getCauseEventId());
    }

    static String status(MilestoneState m) {
        if (m == null || m.getDescriptor() == null) {
            return null;
        }
        if (m.getExistence() != null && !m.getExistence().getDeclared()) {
            return "RETIRED";
        }
        return m.getStatus() == null ? "PLANNED" : m.getStatus().getStatus().name();
    }

    static Milestone milestone(String id, MilestoneState m, List<DependencyState> out, List<DependencyState> in) {
        var d = m == null ? null : m.getDescriptor();
        return new Milestone(
                id,
                d != null,
                m != null && m.getExistence() != null && m.getExistence().getDeclared(),
                d == null ? null : d.getTeamId(),
                d == null ? null : d.getName(),
                d == null ? null : d.getKind().name(),
                m == null ? null : m.getStatus() == null ? "PLANNED" : m.getStatus().getStatus().name(),
                m == null || m.getDueDate() == null ? null : m.getDueDate().getDueDate(),
                d == null ? Map.of() : d.getLabels(),
                out.stream().map(e -> new Edge(e.getDependencyId(), e.getStrength().name(), e.getNeededBy())).toList(),
                in.stream().map(e -> new Edge(e.getDependentId(), e.getStrength().name(), e.getNeededBy())).toList());
    }
}
