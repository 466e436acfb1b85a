package io.launchgraph.topology;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The catalogue of topics: the ones users produce to and consume from, and the internal ones. */
public final class Topics {

    /** Partitions of the user-facing topics; more than one instance can share them. */
    public static final int DEFAULT_PARTITIONS = 6;

    public static final TopicSpec<String, MilestoneEvent> MILESTONE_EVENTS = new TopicSpec<>(
            "milestone-events",
            String.class,
            MilestoneEvent.class,
            DEFAULT_PARTITIONS,
            Map.of(),
            "Input: milestone and dependency events, keyed by milestoneId (dependency events: dependentId).");

    public static final TopicSpec<String, LaunchAnswer> BLOCKED_LAUNCHES = new TopicSpec<>(
            "blocked-launches",
            String.class,
            LaunchAnswer.class,
            DEFAULT_PARTITIONS,
            Map.of("cleanup.policy", "compact"),
            "Output: a launch's answer each time it changes, keyed by launchId; the latest per key is current.");

    public static final TopicSpec<byte[], DeadLetter> REJECTED_EVENTS = new TopicSpec<>(
            "rejected-events",
            byte[].class,
            DeadLetter.class,
            DEFAULT_PARTITIONS,
            Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())),
            "Dead letters: records that could not be accepted, with their bytes, origin and reason; keyed by the original key.");

    /**
     * Name of the internal repartition topic that funnels accepted events into the single graph
     * task ({@code <application.id>-graph-events-repartition}, one partition).
     */
    public static final String GRAPH_EVENTS = "graph-events";

    private Topics() {}

    /** The full name Kafka Streams gives the repartition topic {@link #GRAPH_EVENTS}. */
    public static String graphEventsTopic(String applicationId) {
        return applicationId + "-" + GRAPH_EVENTS + "-repartition";
    }

    /**
     * The full name of a store's changelog ({@code <application.id>-<store>-changelog}, one
     * partition): the committed history of its writes, which the what-if replica reads.
     */
    public static String changelogTopic(String applicationId, StoreSpec<?, ?> store) {
        return applicationId + "-" + store.name() + "-changelog";
    }

    /** The topics outside Kafka Streams' own internal ones, which the application creates. */
    public static List<TopicSpec<?, ?>> external() {
        return List.of(MILESTONE_EVENTS, BLOCKED_LAUNCHES, REJECTED_EVENTS);
    }
}
