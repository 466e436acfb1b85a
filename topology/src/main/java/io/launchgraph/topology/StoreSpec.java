package io.launchgraph.topology;

import java.util.Objects;

/**
 * One queryable state store of the catalogue, with the types of its keys and values.
 *
 * @param wholeGraph whether every graph partition holds all of it (the folded graph, its history
 *     and the forecasts), rather than the part its partition owns (answers and team entries); see
 *     {@link GraphPartitions}
 */
public record StoreSpec<K, V>(String name, Class<K> keyType, Class<V> valueType, String purpose, boolean wholeGraph) {
    public StoreSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }
}
