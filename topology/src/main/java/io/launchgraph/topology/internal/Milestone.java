package io.launchgraph.topology.internal;

import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * The folded state of one milestone: four registers, each null until first written. Registers
 * survive retirement, so a re-declared milestone keeps its last status and due date.
 */
public record Milestone(
        String id,
        Register<Descriptor> descriptor,
        Register<MilestoneStatus> status,
        Register<LocalDate> dueDate,
        Register<Boolean> existence) {

    public Milestone {
        Objects.requireNonNull(id, "id");
    }

    public static Milestone empty(String id) {
        return new Milestone(id, null, null, null, null);
    }

    /** The descriptive fields, written together by MilestoneDeclared. */
    public record Descriptor(String teamId, String name, MilestoneKind kind, Map<String, String> labels) {
        public Descriptor {
            Objects.requireNonNull(teamId, "teamId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            labels = Map.copyOf(labels);
        }
    }

    /** Its existence register says Declared. */
    public boolean exists() {
        return existence != null && existence.value();
    }

    /** Declared at some time (its descriptive register was written), even if retired since. */
    public boolean everDeclared() {
        return descriptor != null;
    }

    /** PLANNED until told otherwise. */
    public MilestoneStatus currentStatus() {
        return status == null ? MilestoneStatus.PLANNED : status.value();
    }

    /** Null when unscheduled. */
    public LocalDate currentDueDate() {
        return dueDate == null ? null : dueDate.value();
    }

    /** The last known owning team, or null when never declared. */
    public String teamId() {
        return descriptor == null ? null : descriptor.value().teamId();
    }

    public boolean isLaunch() {
        return descriptor != null && descriptor.value().kind() == MilestoneKind.LAUNCH;
    }

    /** Exists and is DONE. */
    public boolean resolved() {
        return exists() && currentStatus() == MilestoneStatus.DONE;
    }

    /** Exists and is neither DONE nor CANCELLED. */
    public boolean open() {
        MilestoneStatus s = currentStatus();
        return exists() && s != MilestoneStatus.DONE && s != MilestoneStatus.CANCELLED;
    }

    /**
     * Whether the two states differ in anything a derived answer reads (team, kind, existence,
     * status, due date); a new name or labels, or the same values under a newer stamp, do not.
     */
    public static boolean sameForAnswers(Milestone a, Milestone b) {
        return a.exists() == b.exists()
                && a.everDeclared() == b.everDeclared()
                && a.isLaunch() == b.isLaunch()
                && a.currentStatus() == b.currentStatus()
                && Objects.equals(a.teamId(), b.teamId())
                && Objects.equals(a.currentDueDate(), b.currentDueDate());
    }
}
