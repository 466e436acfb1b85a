package io.launchgraph.topology.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific Avro records in Confluent's wire format, with the subject taken from the topic
 * name ({@code <topic>-value} or {@code <topic>-key}). With auto-registration on, the first write
 * to a subject registers the record's schema; with it off, the schema must already be registered
 * and an unregistered one fails with a {@link SchemaRegistryException} that names the subject.
 */
public final class WireFormatAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistryClient registry;
    private final boolean autoRegister;
    private final boolean isKey;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    public WireFormatAvroSerializer(SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        int id = schemaId(WireFormat.subject(topic, isKey), schema);
        SpecificDatumWriter<T> writer = writers.computeIfAbsent(
                schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass())));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            byte[] header = new byte[WireFormat.HEADER_LENGTH];
            WireFormat.writeHeader(header, id);
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(data, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a byte array cannot fail", e);
        }
    }

    private int schemaId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        int id = autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
        ids.put(key, id);
        return id;
    }

    /** Avro caches a schema's hash code and compares the same instance first, so lookups are cheap. */
    private record SubjectSchema(String subject, Schema schema) {}
}
