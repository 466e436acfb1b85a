package io.launchgraph.topology;

import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads of the team view, in the orders SEMANTICS.md gives. */
public final class TeamQueries {

    /** A team and the number of open launches it blocks. */
    public record TeamCount(String teamId, int count) {}

    private TeamQueries() {}

    /**
     * The open launches {@code teamId} blocks, by launch due date (unscheduled last), then launch
     * id; each with the team's milestones that block it.
     */
    public static List<TeamBlocking> launchesBlockedBy(
            ReadOnlyKeyValueStore<String, TeamBlocking> teams,
            ReadOnlyKeyValueStore<String, MilestoneState> milestones,
            String teamId) {
        List<TeamBlocking> entries = new ArrayList<>();
        try (KeyValueIterator<String, TeamBlocking> it =
                teams.prefixScan(StateStores.prefix(teamId), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> entries.add(kv.value));
        }
        Map<String, LocalDate> dueDates = new HashMap<>();
        for (TeamBlocking entry : entries) {
            MilestoneState launch = milestones.get(entry.getLaunchId());
            dueDates.put(entry.getLaunchId(), launch == null || launch.getDueDate() == null ? null : launch.getDueDate().getDueDate());
        }
        entries.sort(Comparator.comparing(
                        (TeamBlocking e) -> dueDates.get(e.getLaunchId()), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(TeamBlocking::getLaunchId));
        return entries;
    }

    /** Every team that blocks an open launch, most launches first, then by team id. */
    public static List<TeamCount> ranking(ReadOnlyKeyValueStore<String, TeamBlocking> teams) {
        Map<String, Integer> counts = new HashMap<>();
        try (KeyValueIterator<String, TeamBlocking> it = teams.all()) {
            it.forEachRemaining(kv -> counts.merge(kv.value.getTeamId(), 1, Integer::sum));
        }
        List<TeamCount> ranking = new ArrayList<>();
        counts.forEach((team, count) -> ranking.add(new TeamCount(team, count)));
        ranking.sort(Comparator.comparingInt(TeamCount::count).reversed().thenComparing(TeamCount::teamId));
        return ranking;
    }
}
