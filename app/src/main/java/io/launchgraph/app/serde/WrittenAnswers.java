package io.launchgraph.app.serde;

import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.topology.serde.SerdeFactory;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The answers this process's graph task wrote to {@code blocked-launches}, each with the bytes it
 * wrote, until this process's live feed reads them back: the feed then takes the record as it was
 * written instead of decoding the bytes again (decoding was over half of what the feed allocated
 * under a steady load, decision 54). A record is handed over only when the bytes read are exactly
 * the bytes written for that launch, so an answer written by another instance, by an earlier run
 * of this one, or written again since, is decoded as before.
 *
 * <p>Records are values once written (nothing in launchgraph changes a record after handing it to
 * Kafka), so the feed may keep the instance. What the feed has not read when {@code maxBytes} of
 * answers are held (a transaction aborted, a feed far behind a bulk load) is forgotten, oldest
 * first, and decoded when it comes.
 */
public final class WrittenAnswers {
    /** About a second and a half of the steady load's answers at 100k milestones (12 KB each, 1.3 per event, 1k events a second). */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    private record Written(byte[] bytes, LaunchAnswer answer) {}

    private final String topic;
    private final long maxBytes;
    /** Insertion order: the eldest is the first forgotten. */
    private final Map<String, Written> written = new LinkedHashMap<>();
    private long heldBytes;

    /** @param topic the topic whose answers the live feed reads back ({@code blocked-launches} with its prefix) */
    public WrittenAnswers(String topic, long maxBytes) {
        this.topic = Objects.requireNonNull(topic, "topic");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** {@code serdes} with {@link LaunchAnswer}'s serializer noting what it writes to the topic; every other serde as it was. */
    public SerdeFactory around(SerdeFactory serdes) {
        return new SerdeFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
                Serde<T> inner = serdes.valueSerde(type);
                if (type != LaunchAnswer.class) {
                    return inner;
                }
                Serde<LaunchAnswer> answers = (Serde<LaunchAnswer>) inner;
                return (Serde<T>) Serdes.serdeFrom(noting(answers.serializer()), answers.deserializer());
            }

            @Override
            public <T extends SpecificRecord> Serde<T> internalValueSerde(Class<T> type) {
                return serdes.internalValueSerde(type);
            }
        };
    }

    private Serializer<LaunchAnswer> noting(Serializer<LaunchAnswer> inner) {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, LaunchAnswer data) {
                return noted(topic, data, inner.serialize(topic, data));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, LaunchAnswer data) {
                return noted(topic, data, inner.serialize(topic, headers, data));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private byte[] noted(String to, LaunchAnswer data, byte[] bytes) {
        if (bytes != null && data != null && topic.equals(to)) {
            put(data.getLaunchId(), bytes, data);
        }
        return bytes;
    }

    synchronized void put(String launchId, byte[] bytes, LaunchAnswer answer) {
        // Removed first, so that a launch written again moves to the young end.
        forget(written.remove(launchId));
        written.put(launchId, new Written(bytes, answer));
        heldBytes += bytes.length;
        Iterator<Written> eldest = written.values().iterator();
        while (heldBytes > maxBytes && eldest.hasNext()) {
            heldBytes -= eldest.next().bytes().length;
            eldest.remove();
        }
    }

    private void forget(Written w) {
        if (w != null) {
            heldBytes -= w.bytes().length;
        }
    }

    /**
     * The answer written for {@code launchId} as exactly {@code value}, handed over once; null when
     * this process did not write those bytes or no longer holds them (the caller decodes them).
     */
    public synchronized LaunchAnswer take(String launchId, byte[] value) {
        Written w = written.get(launchId);
        if (w == null || !Arrays.equals(w.bytes(), value)) {
            // Bytes that differ are an earlier record of the launch (its later one stays for when it comes) or another writer's.
            return null;
        }
        written.remove(launchId);
        forget(w);
        return w.answer();
    }

    /** How many answers are held, and their bytes (for tests and diagnostics). */
    synchronized int size() {
        return written.size();
    }

    synchronized long heldBytes() {
        return heldBytes;
    }
}
