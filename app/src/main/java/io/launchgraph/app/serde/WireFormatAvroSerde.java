package io.launchgraph.app.serde;

import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.registry.RestSchemaRegistryClient;
import io.launchgraph.topology.serde.WireFormatAvroDeserializer;
import io.launchgraph.topology.serde.WireFormatAvroSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Our wire-format serde in the shape Kafka instantiates by class name, configured like
 * Confluent's {@code SpecificAvroSerde} ({@code schema.registry.url}, {@code auto.register.schemas},
 * {@code basic.auth.*}, {@code bearer.auth.*}): it reads each record into the generated class its
 * writer's schema names.
 */
public final class WireFormatAvroSerde<T extends SpecificRecord> implements Serde<T> {
    public static final String AUTO_REGISTER = "auto.register.schemas";

    private Serializer<T> serializer;
    private Deserializer<T> deserializer;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
        boolean autoRegister = Boolean.parseBoolean(String.valueOf(configs.get(AUTO_REGISTER)));
        serializer = new WireFormatAvroSerializer<>(registry, autoRegister, isKey);
        deserializer = new WireFormatAvroDeserializer<>(registry);
    }

    @Override
    public Serializer<T> serializer() {
        return requireConfigured(serializer);
    }

    @Override
    public Deserializer<T> deserializer() {
        return requireConfigured(deserializer);
    }

    private static <X> X requireConfigured(X part) {
        if (part == null) {
            throw new IllegalStateException("WireFormatAvroSerde used before configure()");
        }
        return part;
    }
}
