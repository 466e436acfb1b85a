package io.launchgraph.topology.internal;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Tells when a record ends a quiet spell: none came for at least a commit interval. A task then
 * asks Kafka Streams to commit as soon as that record's work is written (decision 48), so that a
 * change on a quiet system does not wait for the commit interval twice, once in each stage.
 * Under a steady load records come closer together than that, and commits keep their interval:
 * at most one more commit per quiet spell.
 */
final class QuietSpell {
    private final long gapMs;
    private long lastMs;
    private boolean seen;

    QuietSpell(long gapMs) {
        if (gapMs < 0) {
            throw new IllegalArgumentException("gapMs must not be negative: " + gapMs);
        }
        this.gapMs = gapMs;
    }

    /** Kafka Streams' commit interval under exactly-once, for a context that does not say its own. */
    static final long EXACTLY_ONCE_COMMIT_INTERVAL_MS = 100;

    /** A spell as long as the application's commit interval (its value after Kafka Streams' defaults). */
    static QuietSpell ofCommitInterval(Map<String, Object> appConfigs) {
        Object interval = appConfigs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (interval instanceof Number n) {
            return new QuietSpell(n.longValue());
        }
        return new QuietSpell(interval == null ? EXACTLY_ONCE_COMMIT_INTERVAL_MS : Long.parseLong(interval.toString().trim()));
    }

    /** Notes a record at {@code nowMs}; true when it is the first, or the first for at least the gap. */
    boolean arrived(long nowMs) {
        boolean quiet = !seen || nowMs - lastMs >= gapMs;
        seen = true;
        lastMs = nowMs;
        return quiet;
    }
}
