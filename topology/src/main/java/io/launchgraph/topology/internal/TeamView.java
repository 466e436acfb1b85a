package io.launchgraph.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which teams block a launch: those owning one of its direct or root blockers. */
public final class TeamView {

    private TeamView() {}

    /** An entry of the team view to write ({@code milestoneIds} non-null) or delete. */
    public record TeamChange(String teamId, String launchId, List<String> milestoneIds) {}

    /** Team id to the sorted ids of its milestones that block the launch; empty unless blocked. */
    public static Map<String, List<String>> teamsBlocking(Answer answer) {
        if (answer == null || !answer.blocked()) {
            return Map.of();
        }
        Map<String, TreeSet<String>> byTeam = new TreeMap<>();
        for (Answer.Blocker b : answer.direct()) {
            if (b.teamId() != null) {
                byTeam.computeIfAbsent(b.teamId(), t -> new TreeSet<>()).add(b.milestoneId());
            }
        }
        for (Answer.Root r : answer.roots()) {
            if (r.teamId() != null) {
                byTeam.computeIfAbsent(r.teamId(), t -> new TreeSet<>()).add(r.milestoneId());
            }
        }
        Map<String, List<String>> result = new TreeMap<>();
        byTeam.forEach((team, ids) -> result.put(team, List.copyOf(ids)));
        return result;
    }

    /** The team-view entries to write or delete when a launch's answer goes from before to after. */
    public static List<TeamChange> diff(String launchId, Answer before, Answer after) {
        Map<String, List<String>> old = teamsBlocking(before);
        Map<String, List<String>> now = teamsBlocking(after);
        List<TeamChange> changes = new ArrayList<>();
        for (String team : old.keySet()) {
            if (!now.containsKey(team)) {
                changes.add(new TeamChange(team, launchId, null));
            }
        }
        now.forEach((team, ids) -> {
            if (!Objects.equals(old.get(team), ids)) {
                changes.add(new TeamChange(team, launchId, ids));
            }
        });
        return changes;
    }
}
