package io.launchgraph.topology.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where the topology gets the serdes of its Avro values. Choosing the implementation is a
 * configuration change: {@link WireFormatSerdeFactory} (ours, any Confluent-compatible registry) or
 * one that wraps another vendor's serde. Keys are plain UTF-8 strings and need no factory.
 */
public interface SerdeFactory {

    /** A serde for values of {@code type}, already configured. */
    <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type);

    /**
     * A serde for the topology's own state (store values and their changelogs). Registering those
     * schemas is never a person's decision, so it registers them even where
     * {@link #valueSerde} would not.
     */
    default <T extends SpecificRecord> Serde<T> internalValueSerde(Class<T> type) {
        return valueSerde(type);
    }
}
