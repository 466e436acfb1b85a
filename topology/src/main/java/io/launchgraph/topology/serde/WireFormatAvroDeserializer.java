package io.launchgraph.topology.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into the specific class {@code T}, resolving the writer's
 * schema (fetched by id from the registry, then cached) against {@code T}'s schema, so records
 * written with an older or newer compatible schema are read.
 *
 * <p>Bad bytes throw {@link DecodeException} with a reason code; a registry that cannot be reached
 * throws {@link SchemaRegistryException} instead, which callers must treat as transient.
 */
public final class WireFormatAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistryClient registry;
    /** The class to read into, or null: the generated class named by each writer's schema. */
    private final Class<T> type;
    private final Map<Integer, Reader<T>> readers = new ConcurrentHashMap<>();

    /** Reads every record into {@code type}, resolving the writer's schema against its schema. */
    public WireFormatAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Reads each record into the generated class its writer's schema names (as Confluent's
     * deserializer does with {@code specific.avro.reader=true}); for serdes chosen by class name.
     */
    public WireFormatAvroDeserializer(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = null;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new DecodeException(
                    DecodeException.UNDECODABLE,
                    "record of " + data.length + " bytes is shorter than the 5-byte wire format header");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new DecodeException(
                    DecodeException.WRONG_MAGIC_BYTE,
                    String.format("first byte is 0x%02x, not the wire format's magic byte 0x00", data[0] & 0xff));
        }
        int id = WireFormat.schemaId(data);
        Reader<T> reader = readers.get(id);
        if (reader == null) {
            Schema writerSchema = writerSchema(id);
            Class<?> target = type != null ? type : SpecificData.get().getClass(writerSchema);
            if (target == null) {
                throw new DecodeException(DecodeException.INCOMPATIBLE_SCHEMA,
                        "schema id " + id + " is " + writerSchema.getFullName() + ", for which this version has no class");
            }
            SpecificData model = SpecificData.getForClass(target);
            Schema readerSchema = model.getSchema(target);
            reader = new Reader<>(
                    writerSchema,
                    new SpecificDatumReader<>(writerSchema, readerSchema, model),
                    UnknownBranches.of(writerSchema, readerSchema));
            readers.put(id, reader);
        }
        return reader.read(id, data);
    }

    private Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (UnknownSchemaException e) {
            throw new DecodeException(DecodeException.UNKNOWN_SCHEMA, e.getMessage(), e);
        }
    }

    /**
     * @param unknownBranches union branch types of the writer that the reader lacks; when there
     *     are any, each record is first read as written to check it uses none of them
     */
    private record Reader<T>(Schema writerSchema, SpecificDatumReader<T> datumReader, Set<String> unknownBranches) {

        T read(int id, byte[] data) {
            int length = data.length - WireFormat.HEADER_LENGTH;
            try {
                // A first pass that only skips: corrupt lengths then fail on the buffer's end
                // instead of allocating what they claim (Avro allocates before it checks).
                BinaryDecoder skipper = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, length, null);
                GenericDatumReader.skip(writerSchema, skipper);
                if (!skipper.isEnd()) {
                    throw new DecodeException(
                            DecodeException.UNDECODABLE,
                            "trailing bytes after a complete record of schema id " + id);
                }
                if (!unknownBranches.isEmpty()) {
                    BinaryDecoder generic = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, length, null);
                    String unknown = UnknownBranches.find(new GenericDatumReader<>(writerSchema).read(null, generic), unknownBranches);
                    if (unknown != null) {
                        throw new DecodeException(
                                DecodeException.UNKNOWN_TYPE,
                                "record of schema id " + id + " holds a " + unknown + ", which this version does not know");
                    }
                }
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, length, null);
                return datumReader.read(null, decoder);
            } catch (DecodeException e) {
                throw e;
            } catch (AvroTypeException e) {
                throw new DecodeException(classify(e), "schema id " + id + " cannot be read: " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                throw new DecodeException(
                        DecodeException.UNDECODABLE,
                        "bytes do not match schema id " + id + ": " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                        e);
            }
        }

        /** Avro reports resolution failures only through its messages. */
        private static String classify(AvroTypeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("No match for") || message.contains("enum")) {
                return DecodeException.BAD_ENUM;
            }
            if (message.contains("union")) {
                return DecodeException.UNKNOWN_TYPE;
            }
            return DecodeException.INCOMPATIBLE_SCHEMA;
        }
    }
}
