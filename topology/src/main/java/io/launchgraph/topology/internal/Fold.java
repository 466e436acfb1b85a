package io.launchgraph.topology.internal;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.topology.internal.Register.Write;
import java.util.Map;

/**
 * Folding one event into the state of the entity it is about. Pure: the same (state, event) gives
 * the same result, whatever came before; since every attribute is a last-writer-wins register,
 * any order of the same events, with any duplicates, ends in the same state.
 */
public final class Fold {

    private Fold() {}

    /** What an event does to a state. */
    public sealed interface Result<S> {}

    /** The state changed (possibly only a stamp or a name); it must be stored. */
    public record Changed<S>(S state) implements Result<S> {}

    /** Nothing changed: a duplicate, or an older write delivered late. */
    public record Unchanged<S>() implements Result<S> {}

    /** Another event with the same eventId and occurredAt wrote something else. */
    public record Conflict<S>(String message) implements Result<S> {}

    /**
     * Folds a milestone event ({@link MilestoneDeclared}, {@link MilestoneStatusChanged},
     * {@link MilestoneDueDateChanged} or {@link MilestoneRetired}) into {@code current}.
     */
    public static Result<Milestone> milestone(Milestone current, Stamp stamp, Object event) {
        if (event instanceof MilestoneDeclared d) {
            Milestone.Descriptor descriptor = new Milestone.Descriptor(
                    d.getTeamId(), d.getName(), d.getKind(), d.getLabels() == null ? Map.of() : d.getLabels());
            Step<Milestone> step = new Step<>(current)
                    .apply(current.descriptor(), descriptor, stamp, "descriptive fields", (m, r) -> new Milestone(
                            m.id(), r, m.status(), m.dueDate(), m.existence()))
                    .apply(current.existence(), Boolean.TRUE, stamp, "existence", (m, r) -> new Milestone(
                            m.id(), m.descriptor(), m.status(), m.dueDate(), r));
            if (d.getStatus() != null) {
                step = step.apply(current.status(), d.getStatus(), stamp, "status", (m, r) -> new Milestone(
                        m.id(), m.descriptor(), r, m.dueDate(), m.existence()));
            }
            if (d.getDueDate() != null) {
                step = step.apply(current.dueDate(), d.getDueDate(), stamp, "due date", (m, r) -> new Milestone(
                        m.id(), m.descriptor(), m.status(), r, m.existence()));
            }
            return step.result();
        }
        if (event instanceof MilestoneStatusChanged s) {
            return new Step<>(current)
                    .apply(current.status(), s.getStatus(), stamp, "status", (m, r) -> new Milestone(
                            m.id(), m.descriptor(), r, m.dueDate(), m.existence()))
                    .result();
        }
        if (event instanceof MilestoneDueDateChanged c) {
            return new Step<>(current)
                    .apply(current.dueDate(), c.getDueDate(), stamp, "due date", (m, r) -> new Milestone(
                            m.id(), m.descriptor(), m.status(), r, m.existence()))
                    .result();
        }
        if (event instanceof MilestoneRetired) {
            return new Step<>(current)
                    .apply(current.existence(), Boolean.FALSE, stamp, "existence", (m, r) -> new Milestone(
                            m.id(), m.descriptor(), m.status(), m.dueDate(), r))
                    .result();
        }
        throw new IllegalArgumentException("not a milestone event: " + event.getClass().getName());
    }

    /**
     * Folds a dependency event ({@link DependencyDeclared} or {@link DependencyRemoved}) into
     * {@code current}, which is null when the edge was never mentioned.
     */
    public static Result<Dependency> dependency(Dependency current, Stamp stamp, Object event) {
        Dependency next;
        if (event instanceof DependencyDeclared d) {
            next = new Dependency(d.getDependentId(), d.getDependencyId(), true, d.getStrength(), d.getNeededBy(), stamp);
        } else if (event instanceof DependencyRemoved r) {
            next = new Dependency(r.getDependentId(), r.getDependencyId(), false, null, null, stamp);
        } else {
            throw new IllegalArgumentException("not a dependency event: " + event.getClass().getName());
        }
        Register<Dependency.Value> register = current == null ? null : new Register<>(current.value(), current.stamp());
        return switch (Register.write(register, next.value(), stamp)) {
            case NEWER -> new Changed<>(next);
            case SAME, STALE -> new Unchanged<>();
            case CONFLICT -> new Conflict<>(conflictMessage("dependency", stamp));
        };
    }

    private static String conflictMessage(String register, Stamp stamp) {
        return "another event with eventId " + stamp.eventId() + " and the same occurredAt already wrote a different "
                + register + "; two facts may not share an eventId";
    }

    /** Applies the registers one event writes, all or nothing. */
    private static final class Step<S> {
        private final S state;
        private final boolean changed;
        private final String conflict;

        Step(S state) {
            this(state, false, null);
        }

        private Step(S state, boolean changed, String conflict) {
            this.state = state;
            this.changed = changed;
            this.conflict = conflict;
        }

        <V> Step<S> apply(
                Register<V> current,
                V value,
                Stamp stamp,
                String name,
                java.util.function.BiFunction<S, Register<V>, S> with) {
            if (conflict != null) {
                return this;
            }
            Write write = Register.write(current, value, stamp);
            return switch (write) {
                case NEWER -> new Step<>(with.apply(state, new Register<>(value, stamp)), true, null);
                case SAME, STALE -> this;
                case CONFLICT -> new Step<>(state, changed, conflictMessage(name, stamp));
            };
        }

        Result<S> result() {
            if (conflict != null) {
                return new Conflict<>(conflict);
            }
            return changed ? new Changed<>(state) : new Unchanged<>();
        }
    }
}
