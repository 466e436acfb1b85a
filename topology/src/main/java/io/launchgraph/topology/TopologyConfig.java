package io.launchgraph.topology;

import io.launchgraph.topology.serde.SerdeFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * What the topology needs to be built.
 *
 * @param serdes where Avro value serdes come from (the schema registry binding)
 * @param recomputeInterval how often the graph task derives the answers that changes since the
 *     last time can reach: shorter gives fresher answers, longer gives bigger, cheaper batches
 */
public record TopologyConfig(SerdeFactory serdes, Duration recomputeInterval) {

    public static final Duration DEFAULT_RECOMPUTE_INTERVAL = Duration.ofMillis(100);

    public TopologyConfig {
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(recomputeInterval, "recomputeInterval");
        if (recomputeInterval.isNegative() || recomputeInterval.isZero()) {
            throw new IllegalArgumentException("recomputeInterval must be positive: " + recomputeInterval);
        }
    }

    public static TopologyConfig of(SerdeFactory serdes) {
        return new TopologyConfig(serdes, DEFAULT_RECOMPUTE_INTERVAL);
    }
}
