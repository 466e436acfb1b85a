package io.launchgraph.topology.internal;

import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Rejection;
import io.launchgraph.topology.serde.DecodeException;
import io.launchgraph.topology.serde.SchemaRegistryException;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a record's bytes into an event or a reason to refuse it, whichever deserializer is
 * configured. The record's own faults become dead letters; the registry's (unreachable, refusing
 * our credentials) are thrown, so that the record is retried rather than lost.
 */
final class EventDecoding {

    sealed interface Decoded {}

    record DecodedEvent(MilestoneEvent event) implements Decoded {}

    record Refused(Rejection rejection) implements Decoded {}

    private EventDecoding() {}

    static Decoded decode(Deserializer<?> deserializer, String topic, Headers headers, byte[] value) {
        if (value == null) {
            return refused(DecodeException.UNDECODABLE, "record has no value");
        }
        Object decoded;
        try {
            decoded = deserializer.deserialize(topic, headers, value);
        } catch (DecodeException e) {
            return refused(e.reasonCode(), e.getMessage());
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (SerializationException e) {
            // Another vendor's deserializer: its I/O troubles are the registry's, the rest the record's.
            if (causedByIo(e)) {
                throw e;
            }
            return refused(DecodeException.UNDECODABLE, describe(e));
        }
        if (decoded instanceof MilestoneEvent event) {
            return new DecodedEvent(event);
        }
        return refused(DecodeException.INCOMPATIBLE_SCHEMA, "record holds a "
                + (decoded == null ? "null" : decoded.getClass().getSimpleName()) + ", not a MilestoneEvent");
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            b.append(": ").append(t.getMessage());
        }
        return b.toString();
    }

    private static Refused refused(String code, String message) {
        return new Refused(new Rejection(code, message));
    }
}
