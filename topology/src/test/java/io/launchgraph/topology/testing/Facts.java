package io.launchgraph.topology.testing;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Writes events for tests: each call is the next fact, one second after the previous one, with
 * the next event id ({@code ev-000001}, ...), unless {@link #at} says otherwise.
 */
public final class Facts {
    public static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    private long tick;
    private int counter;
    private Instant pinned;

    /** The next fact happens at {@code instant} (one fact only). */
    public Facts at(Instant instant) {
        pinned = instant;
        return this;
    }

    public Facts at(String instant) {
        return at(Instant.parse(instant));
    }

    public MilestoneEvent launch(String id, String team) {
        return declared(id, team, MilestoneKind.LAUNCH, null, null);
    }

    public MilestoneEvent launch(String id, String team, String dueDate) {
        return declared(id, team, MilestoneKind.LAUNCH, null, date(dueDate));
    }

    public MilestoneEvent milestone(String id, String team) {
        return declared(id, team, MilestoneKind.MILESTONE, null, null);
    }

    public MilestoneEvent milestone(String id, String team, String dueDate) {
        return declared(id, team, MilestoneKind.MILESTONE, null, date(dueDate));
    }

    public MilestoneEvent declared(String id, String team, MilestoneKind kind, MilestoneStatus status, LocalDate dueDate) {
        return wrap(MilestoneDeclared.newBuilder()
                .setMilestoneId(id)
                .setTeamId(team)
                .setName("Milestone " + id)
                .setKind(kind)
                .setStatus(status)
                .setDueDate(dueDate)
                .setLabels(Map.of())
                .build());
    }

    public MilestoneEvent status(String id, MilestoneStatus status) {
        return wrap(new MilestoneStatusChanged(id, status));
    }

    public MilestoneEvent due(String id, String dueDate) {
        return wrap(new MilestoneDueDateChanged(id, date(dueDate)));
    }

    public MilestoneEvent retire(String id) {
        return wrap(new MilestoneRetired(id));
    }

    public MilestoneEvent hard(String dependent, String dependency) {
        return dependency(dependent, dependency, DependencyStrength.HARD, null);
    }

    public MilestoneEvent soft(String dependent, String dependency) {
        return dependency(dependent, dependency, DependencyStrength.SOFT, null);
    }

    public MilestoneEvent dependency(String dependent, String dependency, DependencyStrength strength, String neededBy) {
        return wrap(new DependencyDeclared(dependent, dependency, strength, date(neededBy)));
    }

    public MilestoneEvent remove(String dependent, String dependency) {
        return wrap(new DependencyRemoved(dependent, dependency));
    }

    public MilestoneEvent wrap(Object event) {
        Instant at = pinned != null ? pinned : START.plusSeconds(++tick);
        pinned = null;
        return new MilestoneEvent(String.format("ev-%06d", ++counter), at, "test", event);
    }

    /** The same fact under another event id and instant, as a careless producer might send. */
    public static MilestoneEvent copy(MilestoneEvent e, String eventId, Instant at) {
        return new MilestoneEvent(eventId, at, e.getSource(), e.getEvent());
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }
}
