package io.launchgraph.topology;

/**
 * The metrics the topology adds to Kafka Streams' own, found in {@code KafkaStreams#metrics()}
 * (and so in any exporter of them) by group and name.
 */
public final class GraphMetrics {

    /** Group of launchgraph's own metrics. */
    public static final String GROUP = "launchgraph-graph-metrics";

    /**
     * Changes the graph task has folded but whose answers it has not yet published; 0 means every
     * folded event is reflected in the answers. Tagged with {@link #TASK_ID_TAG}.
     */
    public static final String PENDING_CHANGES = "pending-changes";

    /**
     * Launches the graph task has derived since it started, changed or not. With several graph
     * partitions each task derives only the launches its partition owns. Tagged with
     * {@link #TASK_ID_TAG}.
     */
    public static final String LAUNCHES_DERIVED = "launches-derived-total";

    public static final String TASK_ID_TAG = "task-id";

    private GraphMetrics() {}
}
