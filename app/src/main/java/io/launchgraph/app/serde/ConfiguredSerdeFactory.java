package io.launchgraph.app.serde;

import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.registry.RestSchemaRegistryClient;
import io.launchgraph.topology.serde.SerdeFactory;
import io.launchgraph.topology.serde.WireFormatSerdeFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes named by configuration. With no class named, our wire-format serde over a
 * REST client of the registry (one client, so one cache, for every serde); with a class named
 * (for example Confluent's {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}), a
 * new instance of it per value type, configured with the same properties.
 */
public final class ConfiguredSerdeFactory implements SerdeFactory {
    private final String serdeClass;
    private final Map<String, Object> properties;
    private final SerdeFactory ours;

    /**
     * @param serdeClass a {@link Serde} with a public no-argument constructor, or null for ours
     * @param properties serde properties: {@code schema.registry.url}, {@code auto.register.schemas},
     *     credentials, and for other vendors whatever their serde reads
     */
    public ConfiguredSerdeFactory(String serdeClass, Map<String, ?> properties) {
        this.serdeClass = serdeClass == null || serdeClass.isBlank() ? null : serdeClass.trim();
        this.properties = Map.copyOf(properties);
        if (this.serdeClass == null) {
            boolean autoRegister = Boolean.parseBoolean(String.valueOf(properties.get(WireFormatAvroSerde.AUTO_REGISTER)));
            ours = new WireFormatSerdeFactory(new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(properties)), autoRegister);
        } else {
            ours = null;
            instantiate(); // fail at start-up, not at the first record, if the class is wrong
        }
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        if (ours != null) {
            return ours.valueSerde(type);
        }
        Serde<T> serde = instantiate();
        serde.configure(properties, false);
        return serde;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> internalValueSerde(Class<T> type) {
        if (ours != null) {
            return ours.internalValueSerde(type);
        }
        Map<String, Object> registering = new java.util.HashMap<>(properties);
        registering.put(WireFormatAvroSerde.AUTO_REGISTER, "true");
        Serde<T> serde = instantiate();
        serde.configure(registering, false);
        return serde;
    }

    @SuppressWarnings("unchecked")
    private <T> Serde<T> instantiate() {
        try {
            Object instance = Class.forName(serdeClass).getDeclaredConstructor().newInstance();
            if (!(instance instanceof Serde<?> serde)) {
                throw new IllegalArgumentException(serdeClass + " is not a " + Serde.class.getName());
            }
            return (Serde<T>) serde;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("serde class " + serdeClass + " is not on the classpath", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("serde class " + serdeClass + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("serde class " + serdeClass + " failed to construct: " + e.getCause(), e.getCause());
        }
    }
}
