package io.launchgraph.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
        // One map of lists, sorted and made unique at the end: a set per team and a second map
        // were a tenth of what the stream thread allocated under a steady stream.
        TreeMap<String, List<String>> byTeam = new TreeMap<>();
        for (Answer.Blocker b : answer.direct()) {
            if (b.teamId() != null) {
                byTeam.computeIfAbsent(b.teamId(), t -> new ArrayList<>()).add(b.milestoneId());
            }
        }
        for (Answer.Root r : answer.roots()) {
            if (r.teamId() != null) {
                byTeam.computeIfAbsent(r.teamId(), t -> new ArrayList<>()).add(r.milestoneId());
            }
        }
        for (Map.Entry<String, List<String>> e : byTeam.entrySet()) {
            List<String> ids = e.getValue();
            ids.sort(null);
            int unique = 0;
            for (int i = 0; i < ids.size(); i++) {
                if (i == 0 || !ids.get(i).equals(ids.get(unique - 1))) {
                    ids.set(unique++, ids.get(i));
                }
            }
            e.setValue(List.copyOf(ids.subList(0, unique)));
        }
        return byTeam;
    }

    /** The team-view entries to write or delete when a launch's answer goes from before to after. */
    public static List<TeamChange> diff(String launchId, Answer before, Answer after) {
        return diff(launchId, teamsBlocking(before), teamsBlocking(after));
    }

    /** The same, from the teams blocking before and after ({@link #teamsBlocking} of each). */
    public static List<TeamChange> diff(String launchId, Map<String, List<String>> old, Map<String, List<String>> now) {
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
