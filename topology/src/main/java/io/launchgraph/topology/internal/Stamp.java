package io.launchgraph.topology.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The version of a last-writer-wins register: (occurredAt, eventId), the larger pair wins. Event
 * ids are printable ASCII, so their byte order is {@link String#compareTo}'s.
 *
 * <p>Not a record: every register of the graph index holds one, each with its own event id, and
 * the id is kept as its bytes, without a {@code String} around them (24 bytes less a stamp:
 * 32 MB of the demo's heap at 100k milestones).
 */
public final class Stamp implements Comparable<Stamp> {
    private final long occurredAt;
    private final byte[] eventId;

    public Stamp(long occurredAt, String eventId) {
        this.occurredAt = occurredAt;
        this.eventId = Objects.requireNonNull(eventId, "eventId").getBytes(StandardCharsets.UTF_8);
    }

    public long occurredAt() {
        return occurredAt;
    }

    /** A new string of the id each call: for store records and messages, not for comparing. */
    public String eventId() {
        return new String(eventId, StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(Stamp other) {
        int byTime = Long.compare(occurredAt, other.occurredAt);
        return byTime != 0 ? byTime : Arrays.compareUnsigned(eventId, other.eventId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stamp s && occurredAt == s.occurredAt && Arrays.equals(eventId, s.eventId);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(occurredAt) + Arrays.hashCode(eventId);
    }

    @Override
    public String toString() {
        return "Stamp[occurredAt=" + occurredAt + ", eventId=" + eventId() + "]";
    }
}
