package io.launchgraph.topology;

import io.launchgraph.topology.serde.SerdeFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the topology needs to be built.
 *
 * @param serdes where Avro value serdes come from (the schema registry binding)
 * @param recomputeInterval how often the graph task derives the answers that changes since the
 *     last time can reach: shorter gives fresher answers, longer gives bigger, cheaper batches
 * @param maxRecomputeShare the largest share of the graph task's time that recomputing may take:
 *     after a recompute that took d, the next one waits at least d * (1 - share) / share, so under
 *     load batches grow instead of the fold falling behind; 1 turns pacing off
 * @param topicPrefix put before every topic name of the catalogue (for example
 *     {@code "team-ads."}), so that several deployments can share a cluster; empty by default
 * @param recomputeSlice the longest the graph task derives in one go before it lets Kafka
 *     Streams commit and poll: a recompute longer than that (every launch after a restart, or a
 *     large batch) goes on in slices, so that no transaction or poll interval outlives its timeout
 * @param storesListener told each time the graph task has changed what its stores answer, so that
 *     whatever the caller built from them (ready-to-send answers) can be dropped; none by default
 * @param graphPartitions how many graph tasks share the derivation, each folding the whole graph
 *     (decision 47); one by default
 */
public record TopologyConfig(
        SerdeFactory serdes, Duration recomputeInterval, double maxRecomputeShare, String topicPrefix, Duration recomputeSlice,
        StoresListener storesListener, GraphPartitions graphPartitions) {

    public static final Duration DEFAULT_RECOMPUTE_INTERVAL = Duration.ofMillis(20);
    public static final double DEFAULT_MAX_RECOMPUTE_SHARE = 0.2;
    /** Well under Kafka Streams' exactly-once transaction timeout (10 s) and the session (10 s). */
    public static final Duration DEFAULT_RECOMPUTE_SLICE = Duration.ofMillis(500);
    private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]*");

    public TopologyConfig {
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(recomputeInterval, "recomputeInterval");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(recomputeSlice, "recomputeSlice");
        Objects.requireNonNull(storesListener, "storesListener");
        Objects.requireNonNull(graphPartitions, "graphPartitions");
        if (recomputeInterval.isNegative() || recomputeInterval.isZero()) {
            throw new IllegalArgumentException("recomputeInterval must be positive: " + recomputeInterval);
        }
        if (!(maxRecomputeShare > 0 && maxRecomputeShare <= 1)) {
            throw new IllegalArgumentException("maxRecomputeShare must be in (0, 1]: " + maxRecomputeShare);
        }
        if (recomputeSlice.isNegative() || recomputeSlice.isZero()) {
            throw new IllegalArgumentException("recomputeSlice must be positive: " + recomputeSlice);
        }
        if (!TOPIC_CHARS.matcher(topicPrefix).matches()) {
            throw new IllegalArgumentException("topicPrefix may hold only letters, digits, '.', '_' and '-': \"" + topicPrefix + "\"");
        }
    }

    /** On one graph partition. */
    public TopologyConfig(
            SerdeFactory serdes, Duration recomputeInterval, double maxRecomputeShare, String topicPrefix, Duration recomputeSlice,
            StoresListener storesListener) {
        this(serdes, recomputeInterval, maxRecomputeShare, topicPrefix, recomputeSlice, storesListener, GraphPartitions.ONE);
    }

    /** With no listener. */
    public TopologyConfig(
            SerdeFactory serdes, Duration recomputeInterval, double maxRecomputeShare, String topicPrefix, Duration recomputeSlice) {
        this(serdes, recomputeInterval, maxRecomputeShare, topicPrefix, recomputeSlice, StoresListener.NONE);
    }

    /** With the default slice and no listener. */
    public TopologyConfig(SerdeFactory serdes, Duration recomputeInterval, double maxRecomputeShare, String topicPrefix) {
        this(serdes, recomputeInterval, maxRecomputeShare, topicPrefix, DEFAULT_RECOMPUTE_SLICE);
    }

    public static TopologyConfig of(SerdeFactory serdes) {
        return new TopologyConfig(serdes, DEFAULT_RECOMPUTE_INTERVAL, DEFAULT_MAX_RECOMPUTE_SHARE, "");
    }

    public TopologyConfig withRecomputeInterval(Duration interval) {
        return new TopologyConfig(serdes, interval, maxRecomputeShare, topicPrefix, recomputeSlice, storesListener, graphPartitions);
    }

    public TopologyConfig withMaxRecomputeShare(double share) {
        return new TopologyConfig(serdes, recomputeInterval, share, topicPrefix, recomputeSlice, storesListener, graphPartitions);
    }

    public TopologyConfig withTopicPrefix(String prefix) {
        return new TopologyConfig(serdes, recomputeInterval, maxRecomputeShare, prefix, recomputeSlice, storesListener, graphPartitions);
    }

    public TopologyConfig withRecomputeSlice(Duration slice) {
        return new TopologyConfig(serdes, recomputeInterval, maxRecomputeShare, topicPrefix, slice, storesListener, graphPartitions);
    }

    public TopologyConfig withStoresListener(StoresListener listener) {
        return new TopologyConfig(serdes, recomputeInterval, maxRecomputeShare, topicPrefix, recomputeSlice, listener, graphPartitions);
    }

    public TopologyConfig withGraphPartitions(GraphPartitions partitions) {
        return new TopologyConfig(serdes, recomputeInterval, maxRecomputeShare, topicPrefix, recomputeSlice, storesListener, partitions);
    }

    /** The name of a catalogue topic in this deployment. */
    public String topic(TopicSpec<?, ?> spec) {
        return topicPrefix + spec.name();
    }
}
