package io.launchgraph.topology.internal;

import java.util.Objects;

/** One last-writer-wins register: the value written by the event with the largest stamp. */
public record Register<V>(V value, Stamp stamp) {

    public Register {
        Objects.requireNonNull(stamp, "stamp");
    }

    /** What writing {@code value} at {@code stamp} does to {@code current} (which may be null). */
    static <V> Write write(Register<V> current, V value, Stamp stamp) {
        if (current == null) {
            return Write.NEWER;
        }
        int order = stamp.compareTo(current.stamp);
        if (order > 0) {
            return Write.NEWER;
        }
        if (order < 0) {
            return Write.STALE;
        }
        // Same (occurredAt, eventId): the same fact again, unless the value differs.
        return Objects.equals(current.value, value) ? Write.SAME : Write.CONFLICT;
    }

    enum Write {
        /** The write wins: the register takes the new value and stamp. */
        NEWER,
        /** The register already holds this write (a duplicate). */
        SAME,
        /** An older write delivered late: the register keeps its value. */
        STALE,
        /** Another fact with the same eventId and occurredAt: a producer error. */
        CONFLICT
    }
}
