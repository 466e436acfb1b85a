package io.launchgraph.topology.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where an accepted event entered launchgraph, carried in a header through the graph-events
 * repartition topic so that a later rejection still names the original topic, partition, offset
 * and key.
 *
 * <p>One header, {@value #HEADER}: the partition (4 bytes), the offset (8), the topic's length
 * (2) and UTF-8 bytes, then the key's bytes to the end, or none and a length of -1 for no key.
 * Four headers of their own names made a repartition record of a 65-byte event 197 bytes long,
 * which the validation task writes and the graph task reads (decision 49); those are still read,
 * for records an older instance wrote.
 */
record Origin(String topic, int partition, long offset, byte[] key) {
    static final String HEADER = "lg.o";
    static final String TOPIC = "launchgraph.origin.topic";
    static final String PARTITION = "launchgraph.origin.partition";
    static final String OFFSET = "launchgraph.origin.offset";
    static final String KEY = "launchgraph.origin.key";
    private static final short NO_KEY = -1;

    void writeTo(Headers headers) {
        headers.remove(HEADER).remove(TOPIC).remove(PARTITION).remove(OFFSET).remove(KEY);
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(Integer.BYTES + Long.BYTES + Short.BYTES + topicBytes.length + Short.BYTES
                + (key == null ? 0 : key.length));
        b.putInt(partition).putLong(offset).putShort((short) topicBytes.length).put(topicBytes);
        if (key == null) {
            b.putShort(NO_KEY);
        } else {
            b.putShort((short) 0).put(key);
        }
        headers.add(HEADER, b.array());
    }

    /** The origin in {@code headers}, or {@code fallback} when they carry none. */
    static Origin readFrom(Headers headers, Origin fallback) {
        Header compact = headers.lastHeader(HEADER);
        if (compact != null) {
            try {
                return read(ByteBuffer.wrap(compact.value()));
            } catch (BufferUnderflowException | NegativeArraySizeException e) {
                return fallback;
            }
        }
        Header topic = headers.lastHeader(TOPIC);
        Header partition = headers.lastHeader(PARTITION);
        Header offset = headers.lastHeader(OFFSET);
        if (topic == null || partition == null || offset == null) {
            return fallback;
        }
        Header key = headers.lastHeader(KEY);
        return new Origin(
                new String(topic.value(), StandardCharsets.UTF_8),
                ByteBuffer.wrap(partition.value()).getInt(),
                ByteBuffer.wrap(offset.value()).getLong(),
                key == null ? null : key.value());
    }

    private static Origin read(ByteBuffer b) {
        int partition = b.getInt();
        long offset = b.getLong();
        byte[] topicBytes = new byte[b.getShort()];
        b.get(topicBytes);
        byte[] key = null;
        if (b.getShort() != NO_KEY) {
            key = new byte[b.remaining()];
            b.get(key);
        }
        return new Origin(new String(topicBytes, StandardCharsets.UTF_8), partition, offset, key);
    }
}
