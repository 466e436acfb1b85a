package io.launchgraph.topology;

import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import java.util.List;

/**
 * The catalogue of queryable state stores. All live in the graph tasks. Each graph partition
 * holds the whole folded graph, its history and every forecast ({@link StoreSpec#wholeGraph}),
 * and the answers and team entries of the launches it owns ({@link GraphPartitions#ownerOf}); on
 * one graph partition (the default) that is everything.
 */
public final class StateStores {

    /**
     * Separates the two ids of a composite key. Ids are printable ASCII without spaces, so a
     * space cannot occur inside one, and a prefix scan of {@code "a "} finds exactly a's keys.
     */
    public static final char KEY_SEPARATOR = ' ';

    public static final StoreSpec<String, MilestoneState> MILESTONE_STATE = new StoreSpec<>(
            "milestone-state-store",
            String.class,
            MilestoneState.class,
            "Folded registers of each milestone, by milestoneId.",
            true);

    public static final StoreSpec<String, DependencyState> DEPENDENCY_STATE = new StoreSpec<>(
            "dependency-state-store",
            String.class,
            DependencyState.class,
            "Register of each edge, present or removed, by \"dependentId dependencyId\".",
            true);

    public static final StoreSpec<String, DependencyState> DEPENDENTS = new StoreSpec<>(
            "dependents-store",
            String.class,
            DependencyState.class,
            "Present edges again, by \"dependencyId dependentId\": who depends on a milestone.",
            true);

    public static final StoreSpec<String, LaunchAnswer> LAUNCH_ANSWERS = new StoreSpec<>(
            "launch-answer-store",
            String.class,
            LaunchAnswer.class,
            "Last published answer of each launch, by launchId (also the final answer of launches no longer open).",
            false);

    public static final StoreSpec<String, TeamBlocking> TEAM_BLOCKING = new StoreSpec<>(
            "team-blocking-store",
            String.class,
            TeamBlocking.class,
            "Open launches each team blocks and through which milestones, by \"teamId launchId\".",
            false);

    public static final StoreSpec<String, MilestoneForecast> MILESTONE_FORECASTS = new StoreSpec<>(
            "milestone-forecast-store",
            String.class,
            MilestoneForecast.class,
            "Forecast of each open milestone, by milestoneId (none for milestones not open).",
            true);

    public static final StoreSpec<String, MilestoneEvent> EVENT_HISTORY = new StoreSpec<>(
            "event-history-store",
            String.class,
            MilestoneEvent.class,
            "Every accepted event, by \"occurredAt eventId\" in time order (History.key): the log that answers as of another time.",
            true);

    private StateStores() {}

    public static List<StoreSpec<?, ?>> all() {
        return List.of(MILESTONE_STATE, DEPENDENCY_STATE, DEPENDENTS, LAUNCH_ANSWERS, TEAM_BLOCKING, MILESTONE_FORECASTS, EVENT_HISTORY);
    }

    /** The composite key {@code "first second"}. */
    public static String key(String first, String second) {
        return first + KEY_SEPARATOR + second;
    }

    /** The prefix of every composite key whose first id is {@code first}. */
    public static String prefix(String first) {
        return first + KEY_SEPARATOR;
    }
}
