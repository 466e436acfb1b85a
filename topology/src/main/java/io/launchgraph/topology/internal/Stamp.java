package io.launchgraph.topology.internal;

import java.util.Objects;

/**
 * The version of a last-writer-wins register: (occurredAt, eventId), the larger pair wins. Event
 * ids are printable ASCII, so {@link String#compareTo} is their byte order.
 */
public record Stamp(long occurredAt, String eventId) implements Comparable<Stamp> {

    public Stamp {
        Objects.requireNonNull(eventId, "eventId");
    }

    @Override
    public int compareTo(Stamp other) {
        int byTime = Long.compare(occurredAt, other.occurredAt);
        return byTime != 0 ? byTime : eventId.compareTo(other.eventId);
    }
}
