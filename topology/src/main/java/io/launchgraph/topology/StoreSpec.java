package io.launchgraph.topology;

import java.util.Objects;

/** One queryable state store of the catalogue, with the types of its keys and values. */
public record StoreSpec<K, V>(String name, Class<K> keyType, Class<V> valueType, String purpose) {
    public StoreSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }
}
