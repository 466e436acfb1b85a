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
    /**
     * Schema ids by topic, then schema. Keyed by the topic rather than its subject: Kafka passes
     * the same topic string each time, whose hash is kept, where a subject would be a new string
     * to build and hash for every record (1.5 % of the stream thread while settling).
     */
    private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
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
        int id = schemaId(topic, schema);
        Scratch scratch = SCRATCH.get();
        if (scratch.lastRecord == data && scratch.lastSchema == schema) {
            // The same record again (a store's put, then the topic): the same body under another header.
            byte[] again = scratch.lastFramed.clone();
            WireFormat.writeHeader(again, id);
            return again;
        }
        SpecificDatumWriter<T> writer = writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, model(data.getClass())));
        try {
            scratch.out.reset();
            // The header's room first, so that the bytes come out framed in one copy.
            scratch.out.write(HEADER_ROOM, 0, WireFormat.HEADER_LENGTH);
            scratch.encoder = EncoderFactory.get().binaryEncoder(scratch.out, scratch.encoder);
            writer.write(data, scratch.encoder);
            scratch.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a byte array cannot fail", e);
        }
        byte[] framed = scratch.out.toByteArray();
        WireFormat.writeHeader(framed, id);
        if (scratch.out.size() > Scratch.KEEP_BYTES) {
            // One large record must not pin its buffer to the thread for good.
            scratch.out = new ByteArrayOutputStream(Scratch.KEEP_BYTES);
        }
        scratch.lastRecord = data;
        scratch.lastSchema = schema;
        scratch.lastFramed = framed;
        return framed;
    }

    private static final byte[] HEADER_ROOM = new byte[WireFormat.HEADER_LENGTH];

    /**
     * The class's own model with Avro's custom coders on: records without logical types (a root
     * blocker and its path, a direct blocker) then write themselves field by field instead of
     * through the generic writer's per-field lookups, which took most of the graph task's time
     * writing answers. The bytes are the same (WireFormatSerdeTest).
     */
    private static SpecificData model(Class<?> type) {
        SpecificData generated = SpecificData.getForClass(type);
        SpecificData model = new SpecificData(type.getClassLoader());
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        model.setCustomCoders(true);
        return model;
    }

    /**
     * A thread's reusable buffer, and the record it wrote last with its bytes. The graph task
     * writes each answer to its store and then to its topic: the same record, the same body,
     * only the schema id of the header differs. Records are values once written: nothing in
     * launchgraph changes a record after handing it to Kafka, so the same instance has the
     * same bytes.
     */
    private static final class Scratch {
        static final int KEEP_BYTES = 64 * 1024;
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        BinaryEncoder encoder;
        Object lastRecord;
        Schema lastSchema;
        /** Returned to Kafka, which does not change what it is given; copied before a header is written again. */
        byte[] lastFramed;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Avro caches a schema's hash code and compares the same instance first, so lookups are cheap. */
    private int schemaId(String topic, Schema schema) {
        Map<Schema, Integer> byTopic = ids.computeIfAbsent(String.valueOf(topic), t -> new ConcurrentHashMap<>());
        Integer cached = byTopic.get(schema);
        if (cached != null) {
            return cached;
        }
        String subject = WireFormat.subject(topic, isKey);
        int id = autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
        byTopic.put(schema, id);
        return id;
    }
}
