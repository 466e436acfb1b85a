package io.launchgraph.topology.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where an accepted event entered launchgraph, carried in headers through the graph-events
 * repartition topic so that a later rejection still names the original topic, partition, offset
 * and key.
 */
record Origin(String topic, int partition, long offset, byte[] key) {
    static final String TOPIC = "launchgraph.origin.topic";
    static final String PARTITION = "launchgraph.origin.partition";
    static final String OFFSET = "launchgraph.origin.offset";
    static final String KEY = "launchgraph.origin.key";

    void writeTo(Headers headers) {
        headers.remove(TOPIC).remove(PARTITION).remove(OFFSET).remove(KEY);
        headers.add(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
        headers.add(OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
        if (key != null) {
            headers.add(KEY, key);
        }
    }

    /** The origin in {@code headers}, or {@code fallback} when they carry none. */
    static Origin readFrom(Headers headers, Origin fallback) {
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
}
