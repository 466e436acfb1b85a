package io.launchgraph.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * How the graph is spread over graph tasks (decision 47). Every accepted event goes to every
 * partition of the graph topic, so each graph task folds the whole graph and derives every
 * milestone forecast (a launch's view tells the forecast of each step of its path); each derives
 * the answers of only the launches it owns, those whose id Kafka's default partitioner puts in its
 * partition. A launch's answer is therefore in the stores of the partition that Kafka Streams names
 * for its key, and keyed reads find it where they look.
 *
 * @param count partitions of the graph topic, and so graph tasks; 1 is a single graph task
 * @param simulated for {@code TopologyTestDriver} only, which runs every task as partition 0 of
 *     one-partition topics: a partition in [0, count) makes the only graph task derive as that
 *     partition of {@code count} would, and keeps the graph topic at one partition; -1 otherwise
 */
public record GraphPartitions(int count, int simulated) {

    public static final GraphPartitions ONE = new GraphPartitions(1, -1);
    public static final int MAX = 64;

    public GraphPartitions {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("graph partitions must be between 1 and " + MAX + ": " + count);
        }
        if (simulated < -1 || simulated >= count) {
            throw new IllegalArgumentException("a simulated graph partition must be in [0, " + count + "): " + simulated);
        }
    }

    public static GraphPartitions of(int count) {
        return new GraphPartitions(count, -1);
    }

    /** The only graph task of a {@code TopologyTestDriver} derives as {@code partition} of {@link #count} would. */
    public GraphPartitions simulating(int partition) {
        return new GraphPartitions(count, partition);
    }

    /** Partitions the graph topic is created with. */
    public int topicPartitions() {
        return simulated >= 0 ? 1 : count;
    }

    /** Whether each event is sent to every partition of the graph topic. */
    public boolean multicast() {
        return topicPartitions() > 1;
    }

    /** The partition a graph task derives for, given the partition Kafka Streams assigned it. */
    public int derivingPartition(int taskPartition) {
        return simulated >= 0 ? simulated : taskPartition;
    }

    /** The partition that owns {@code id}: Kafka's default partitioner of its UTF-8 bytes. */
    public int ownerOf(String id) {
        return ownerOf(id, count);
    }

    /**
     * The partition Kafka's default partitioner gives {@code key}'s UTF-8 bytes among {@code count}
     * (what {@code KafkaStreams#queryMetadataForKey} computes for a String key). A null key is
     * owned by partition 0.
     */
    public static int ownerOf(String key, int count) {
        if (count == 1 || key == null) {
            return 0;
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count;
    }
}
