package io.launchgraph.topology;

import java.util.Map;
import java.util.Objects;

/**
 * One topic of the catalogue: its name, the types of its keys and values, and how to create it.
 * Serdes are not part of it because they depend on the configured schema registry; see
 * {@link io.launchgraph.topology.serde.SerdeFactory}.
 */
public record TopicSpec<K, V>(
        String name, Class<K> keyType, Class<V> valueType, int partitions, Map<String, String> config, String purpose) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        config = Map.copyOf(config);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
    }
}
