package io.launchgraph.topology;

import io.launchgraph.topology.internal.TopologyFactory;
import org.apache.kafka.streams.Topology;

/**
 * Builds launchgraph's Kafka Streams topology from its configuration. It does no I/O: starting,
 * stopping and querying belong to whoever runs it.
 */
public final class LaunchGraphTopology {

    private LaunchGraphTopology() {}

    public static Topology build(TopologyConfig config) {
        return TopologyFactory.build(config);
    }
}
