package io.launchgraph.topology;

import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads of the team view, in the orders SEMANTICS.md gives. */
public final class TeamQueries {

    /** A team and the number of open launches it blocks. */
    public record TeamCount(String teamId, int count) {}

    /** How many LATE launches wait on a team's milestones along their critical paths, and their total slip. */
    public record TeamSlip(int lateLaunches, long slipDays) {
        public TeamSlip plus(TeamSlip other) {
            return new TeamSlip(lateLaunches + other.lateLaunches, slipDays + other.slipDays);
        }
    }

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
        return inTeamOrder(entries, milestones::get);
    }

    /**
     * One team's entries, from however many graph partitions, in the order of
     * {@link #launchesBlockedBy}: by launch due date (unscheduled last), then launch id.
     */
    public static List<TeamBlocking> inTeamOrder(List<TeamBlocking> entries, Function<String, MilestoneState> milestones) {
        entries = new ArrayList<>(entries);
        Map<String, LocalDate> dueDates = new HashMap<>();
        for (TeamBlocking entry : entries) {
            MilestoneState launch = milestones.apply(entry.getLaunchId());
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
        return ranking(counts);
    }

    /** Teams with how many open launches each blocks (summed over graph partitions), in {@link #ranking} order. */
    public static List<TeamCount> ranking(Map<String, Integer> counts) {
        List<TeamCount> ranking = new ArrayList<>();
        counts.forEach((team, count) -> ranking.add(new TeamCount(team, count)));
        ranking.sort(Comparator.comparingInt(TeamCount::count).reversed().thenComparing(TeamCount::teamId));
        return ranking;
    }

    /**
     * For each team with a milestone on the critical path of a LATE launch (the launch itself
     * left out): how many such launches, and the sum of their slip days. A team counts once per
     * launch however many of its milestones are on the path; teams are those the milestones
     * have now.
     */
    public static Map<String, TeamSlip> slips(
            ReadOnlyKeyValueStore<String, LaunchAnswer> answers, ReadOnlyKeyValueStore<String, MilestoneState> milestones) {
        Map<String, String> teamOf = new HashMap<>();
        Map<String, TeamSlip> slips = new TreeMap<>();
        try (KeyValueIterator<String, LaunchAnswer> it = answers.all()) {
            while (it.hasNext()) {
                LaunchAnswer a = it.next().value;
                if (a.getForecast() == null || a.getForecast().getState() != ForecastState.LATE) {
                    continue;
                }
                List<String> path = a.getForecast().getCriticalPath();
                Set<String> teams = new TreeSet<>();
                for (String m : path.subList(1, path.size())) {
                    String team = teamOf.computeIfAbsent(m, id -> {
                        MilestoneState state = milestones.get(id);
                        return state == null || state.getDescriptor() == null ? null : state.getDescriptor().getTeamId();
                    });
                    if (team != null) {
                        teams.add(team);
                    }
                }
                TeamSlip one = new TeamSlip(1, a.getForecast().getSlipDays());
                teams.forEach(team -> slips.merge(team, one, TeamSlip::plus));
            }
        }
        return slips;
    }
}
