package io.launchgraph.topology;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatusChanged;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of SEMANTICS.md that a decoded event must meet. The topology applies them to every
 * event (failures go to the dead-letter topic); ingest front ends apply them before producing.
 */
public final class EventRules {

    public static final String MISSING_FIELD = "missing_field";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String BAD_DATE = "bad_date";
    public static final String BAD_INSTANT = "bad_instant";
    public static final String ID_EMPTY = "id_empty";
    public static final String ID_TOO_LONG = "id_too_long";
    public static final String ID_SPACE = "id_space";
    public static final String ID_CONTROL = "id_control";
    public static final String ID_NON_ASCII = "id_non_ascii";
    public static final String TEXT_TOO_LONG = "text_too_long";
    public static final String SELF_DEPENDENCY = "self_dependency";
    /** Two different events share an eventId and occurredAt (detected by the fold). */
    public static final String CONFLICTING_EVENT = "conflicting_event";

    public static final int MAX_ID_LENGTH = 200;
    public static final int MAX_TEXT_LENGTH = 1000;

    private static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    private static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    private static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

    private EventRules() {}

    /** The first rule {@code event} breaks, or empty when it is acceptable. */
    public static Optional<Rejection> check(MilestoneEvent event) {
        return Optional.ofNullable(firstProblem(event));
    }

    /** The id of the entity an event is about: its milestoneId, or the edge's dependentId. */
    public static String entityId(MilestoneEvent event) {
        Object e = event.getEvent();
        if (e instanceof MilestoneDeclared d) {
            return d.getMilestoneId();
        } else if (e instanceof MilestoneStatusChanged s) {
            return s.getMilestoneId();
        } else if (e instanceof MilestoneDueDateChanged c) {
            return c.getMilestoneId();
        } else if (e instanceof MilestoneRetired r) {
            return r.getMilestoneId();
        } else if (e instanceof DependencyDeclared d) {
            return d.getDependentId();
        } else if (e instanceof DependencyRemoved r) {
            return r.getDependentId();
        }
        throw new IllegalArgumentException("unknown event type " + (e == null ? "null" : e.getClass().getName()));
    }

    /**
     * Why {@code value} is not a valid id (1 to 200 printable ASCII characters, 0x21 to 0x7E), or
     * null when it is.
     */
    public static Rejection idProblem(String field, String value) {
        if (value == null) {
            return new Rejection(MISSING_FIELD, field + " is required");
        }
        if (value.isEmpty()) {
            return new Rejection(ID_EMPTY, field + " is empty; ids have 1 to " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                return new Rejection(ID_SPACE, field + " contains a space at position " + i + "; ids are printable ASCII without spaces");
            }
            if (c < 0x20 || c == 0x7f) {
                return new Rejection(ID_CONTROL, String.format("%s contains control character U+%04X at position %d", field, (int) c, i));
            }
            if (c > 0x7e) {
                return new Rejection(ID_NON_ASCII, String.format("%s contains non-ASCII character U+%04X at position %d; ids are printable ASCII", field, (int) c, i));
            }
        }
        if (value.length() > MAX_ID_LENGTH) {
            return new Rejection(ID_TOO_LONG, field + " has " + value.length() + " characters; at most " + MAX_ID_LENGTH + " are allowed");
        }
        return null;
    }

    /** Why {@code value} is not acceptable free text (at most 1,000 characters), or null. */
    public static Rejection textProblem(String field, String value) {
        if (value == null) {
            return new Rejection(MISSING_FIELD, field + " is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_TEXT_LENGTH) {
            return new Rejection(TEXT_TOO_LONG, field + " has " + length + " characters; at most " + MAX_TEXT_LENGTH + " are allowed");
        }
        return null;
    }

    /** Why {@code value} is not an acceptable date (years 1 to 9999), or null; null dates are fine. */
    public static Rejection dateProblem(String field, LocalDate value) {
        if (value != null && (value.isBefore(MIN_DATE) || value.isAfter(MAX_DATE))) {
            return new Rejection(BAD_DATE, field + " " + value + " is outside years 0001 to 9999");
        }
        return null;
    }

    private static Rejection firstProblem(MilestoneEvent event) {
        Rejection r = firstOf(idProblem("eventId", event.getEventId()), idProblem("source", event.getSource()));
        if (r != null) {
            return r;
        }
        Instant at = event.getOccurredAt();
        if (at == null) {
            return new Rejection(MISSING_FIELD, "occurredAt is required");
        }
        if (at.isBefore(MIN_INSTANT) || at.isAfter(MAX_INSTANT)) {
            return new Rejection(BAD_INSTANT, "occurredAt " + at + " is outside years 0001 to 9999");
        }
        Object e = event.getEvent();
        if (e == null) {
            return new Rejection(MISSING_FIELD, "event is required");
        } else if (e instanceof MilestoneDeclared d) {
            return declared(d);
        } else if (e instanceof MilestoneStatusChanged s) {
            return firstOf(idProblem("milestoneId", s.getMilestoneId()), required("status", s.getStatus()));
        } else if (e instanceof MilestoneDueDateChanged c) {
            return firstOf(idProblem("milestoneId", c.getMilestoneId()), dateProblem("dueDate", c.getDueDate()));
        } else if (e instanceof MilestoneRetired rt) {
            return idProblem("milestoneId", rt.getMilestoneId());
        } else if (e instanceof DependencyDeclared d) {
            return firstOf(
                    idProblem("dependentId", d.getDependentId()),
                    idProblem("dependencyId", d.getDependencyId()),
                    required("strength", d.getStrength()),
                    dateProblem("neededBy", d.getNeededBy()),
                    selfDependency(d.getDependentId(), d.getDependencyId()));
        } else if (e instanceof DependencyRemoved d) {
            return firstOf(
                    idProblem("dependentId", d.getDependentId()),
                    idProblem("dependencyId", d.getDependencyId()),
                    selfDependency(d.getDependentId(), d.getDependencyId()));
        }
        return new Rejection(UNKNOWN_TYPE, "unknown event type " + e.getClass().getSimpleName());
    }

    private static Rejection declared(MilestoneDeclared d) {
        Rejection r = firstOf(
                idProblem("milestoneId", d.getMilestoneId()),
                idProblem("teamId", d.getTeamId()),
                textProblem("name", d.getName()),
                required("kind", d.getKind()),
                dateProblem("dueDate", d.getDueDate()));
        if (r != null || d.getLabels() == null) {
            return r;
        }
        for (Map.Entry<String, String> label : d.getLabels().entrySet()) {
            r = firstOf(textProblem("label key", label.getKey()), textProblem("label " + label.getKey(), label.getValue()));
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Rejection required(String field, Object value) {
        return value == null ? new Rejection(MISSING_FIELD, field + " is required") : null;
    }

    private static Rejection selfDependency(String dependentId, String dependencyId) {
        return dependentId != null && dependentId.equals(dependencyId)
                ? new Rejection(SELF_DEPENDENCY, "milestone " + dependentId + " cannot depend on itself")
                : null;
    }

    private static Rejection firstOf(Rejection... candidates) {
        for (Rejection candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
