package io.launchgraph.topology.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that cannot be turned into the expected record. Permanent: retrying the same bytes gives
 * the same answer, so the record belongs on the dead-letter topic with {@link #reasonCode()}.
 */
public class DecodeException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** Not Avro in the Confluent wire format, or Avro bytes that do not match their schema. */
    public static final String UNDECODABLE = "undecodable";
    /** First byte is not the wire format's magic byte 0. */
    public static final String WRONG_MAGIC_BYTE = "wrong_magic_byte";
    /** The schema id is not in the registry. */
    public static final String UNKNOWN_SCHEMA = "unknown_schema";
    /** The writer's schema cannot be read as the expected record (missing field, other type). */
    public static final String INCOMPATIBLE_SCHEMA = "incompatible_schema";
    /** The record uses an enum symbol this version does not know. */
    public static final String BAD_ENUM = "bad_enum";
    /** The record uses a union branch (event type) this version does not know. */
    public static final String UNKNOWN_TYPE = "unknown_type";

    private final String reasonCode;

    public DecodeException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public DecodeException(String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
