package io.launchgraph.topology.serde;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes in Confluent's wire format over any {@link SchemaRegistryClient}. */
public final class WireFormatSerdeFactory implements SerdeFactory {

    private final SchemaRegistryClient registry;
    private final boolean autoRegister;

    /**
     * @param autoRegister register schemas on first write; off in production (schemas are
     *     registered on purpose, and checked for compatibility then), on for tests and the demo
     */
    public WireFormatSerdeFactory(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return Serdes.serdeFrom(
                new WireFormatAvroSerializer<>(registry, autoRegister, false),
                new WireFormatAvroDeserializer<>(registry, type));
    }

    @Override
    public <T extends SpecificRecord> Serde<T> internalValueSerde(Class<T> type) {
        return Serdes.serdeFrom(
                new WireFormatAvroSerializer<>(registry, true, false),
                new WireFormatAvroDeserializer<>(registry, type));
    }

    public SchemaRegistryClient registry() {
        return registry;
    }
}
