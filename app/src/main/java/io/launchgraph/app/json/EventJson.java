package io.launchgraph.app.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON form of events (SEMANTICS.md), e.g.
 * {@code {"type":"MilestoneStatusChanged","eventId":"e1","occurredAt":"2026-10-01T12:00:00Z","source":"jira","milestoneId":"m1","status":"DONE"}}.
 * A null field is the same as an absent one. Parsing checks the structure (types, required
 * fields, enum values, dates, instants with an offset; unknown fields are errors, so a typo cannot
 * silently drop data), then the rules every event must meet ({@link EventRules}).
 */
public final class EventJson {

    public static final String UNDECODABLE = "undecodable";
    public static final String BAD_TYPE = "bad_type";
    public static final String BAD_ENUM = "bad_enum";
    public static final String UNKNOWN_FIELD = "unknown_field";
    public static final String INSTANT_WITHOUT_OFFSET = "instant_without_offset";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // A second value after the first is an error, not something to drop silently.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> COMMON = Set.of("type", "eventId", "occurredAt", "source");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "MilestoneDeclared", Set.of("milestoneId", "teamId", "name", "kind", "dueDate", "status", "labels"),
            "MilestoneStatusChanged", Set.of("milestoneId", "status"),
            "MilestoneDueDateChanged", Set.of("milestoneId", "dueDate"),
            "MilestoneRetired", Set.of("milestoneId"),
            "DependencyDeclared", Set.of("dependentId", "dependencyId", "strength", "neededBy"),
            "DependencyRemoved", Set.of("dependentId", "dependencyId"));

    private EventJson() {}

    /** The outcome of parsing one JSON event. */
    public sealed interface Parsed {}

    public record Accepted(MilestoneEvent event) implements Parsed {}

    public record Refused(Rejection rejection) implements Parsed {}

    /** Parses one event from its JSON text. */
    public static Parsed parse(String json) {
        return checked(decode(json));
    }

    /** Like {@link #decode(JsonNode)}, from JSON text. */
    public static Parsed decode(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return refused(UNDECODABLE, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return refused(UNDECODABLE, "no JSON value");
        }
        return decode(node);
    }

    /** The JSON tree of one text, duplicate keys and trailing values refused as for an event. */
    public static JsonNode tree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** Parses one event from a JSON tree. */
    public static Parsed parse(JsonNode node) {
        return checked(decode(node));
    }

    private static Parsed checked(Parsed decoded) {
        if (decoded instanceof Accepted accepted) {
            return EventRules.check(accepted.event()).<Parsed>map(Refused::new).orElse(decoded);
        }
        return decoded;
    }

    /**
     * Checks only what the Avro form cannot even hold (structure, types, enum values, dates,
     * instants), not {@link EventRules}: for tools that must hand rule-breaking events to the
     * topology, which rejects them itself.
     */
    public static Parsed decode(JsonNode node) {
        if (!node.isObject()) {
            return refused(UNDECODABLE, "an event is a JSON object, not " + typeName(node));
        }
        Fields f = new Fields((ObjectNode) node);
        MilestoneEvent event = f.event();
        return f.problem != null ? new Refused(f.problem) : new Accepted(event);
    }

    /** Reads the fields of one event, remembering the first problem; later reads then do nothing. */
    private static final class Fields {
        private final ObjectNode node;
        Rejection problem;

        Fields(ObjectNode node) {
            this.node = node;
        }

        MilestoneEvent event() {
            String type = text("type", true);
            Set<String> fields = type == null ? null : FIELDS.get(type);
            if (type != null && fields == null) {
                fail(EventRules.UNKNOWN_TYPE, "unknown event type \"" + type + "\"; expected one of "
                        + FIELDS.keySet().stream().sorted().toList());
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext() && fields != null; ) {
                String name = names.next();
                if (!COMMON.contains(name) && !fields.contains(name)) {
                    fail(UNKNOWN_FIELD, "field \"" + name + "\" is not part of " + type);
                }
            }
            String eventId = text("eventId", true);
            Instant occurredAt = instant("occurredAt");
            String source = text("source", true);
            Object event = problem != null ? null : switch (type) {
                case "MilestoneDeclared" -> new MilestoneDeclared(
                        text("milestoneId", true),
                        text("teamId", true),
                        text("name", true),
                        symbol("kind", MilestoneKind.class, true),
                        date("dueDate"),
                        symbol("status", MilestoneStatus.class, false),
                        labels());
                case "MilestoneStatusChanged" -> new MilestoneStatusChanged(
                        text("milestoneId", true), symbol("status", MilestoneStatus.class, true));
                case "MilestoneDueDateChanged" -> new MilestoneDueDateChanged(text("milestoneId", true), date("dueDate"));
                case "MilestoneRetired" -> new MilestoneRetired(text("milestoneId", true));
                case "DependencyDeclared" -> new DependencyDeclared(
                        text("dependentId", true),
                        text("dependencyId", true),
                        symbol("strength", DependencyStrength.class, true),
                        date("neededBy"));
                case "DependencyRemoved" -> new DependencyRemoved(text("dependentId", true), text("dependencyId", true));
                default -> throw new IllegalStateException("unhandled event type " + type);
            };
            return problem != null ? null : new MilestoneEvent(eventId, occurredAt, source, event);
        }

        private void fail(String code, String message) {
            if (problem == null) {
                problem = new Rejection(code, message);
            }
        }

        private JsonNode field(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : value;
        }

        String text(String name, boolean required) {
            JsonNode value = field(name);
            if (value == null) {
                if (required) {
                    fail(EventRules.MISSING_FIELD, name + " is required");
                }
                return null;
            }
            if (!value.isTextual()) {
                fail(BAD_TYPE, name + " must be a string, not " + typeName(value));
                return null;
            }
            return value.textValue();
        }

        <E extends Enum<E>> E symbol(String name, Class<E> type, boolean required) {
            String value = text(name, required);
            if (value == null) {
                return null;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value)) {
                    return constant;
                }
            }
            fail(BAD_ENUM, name + " \"" + value + "\" is not one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }

        LocalDate date(String name) {
            String value = text(name, false);
            if (value == null) {
                return null;
            }
            if (DATE.matcher(value).matches()) {
                try {
                    return LocalDate.parse(value);
                } catch (DateTimeParseException e) {
                    // an impossible date such as 2026-02-30: reported below
                }
            }
            fail(EventRules.BAD_DATE, name + " \"" + value + "\" is not a date of the form YYYY-MM-DD");
            return null;
        }

        Instant instant(String name) {
            String value = text(name, true);
            if (value == null) {
                return null;
            }
            try {
                // Kept to the millisecond: finer digits are truncated, never rounded.
                return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant()
                        .truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeException e) {
                if (isLocalDateTime(value)) {
                    fail(INSTANT_WITHOUT_OFFSET, name + " \"" + value + "\" has no offset; add Z or +HH:MM");
                } else {
                    fail(EventRules.BAD_INSTANT, name + " \"" + value
                            + "\" is not an ISO-8601 instant with an offset, e.g. 2026-10-01T12:00:00Z");
                }
                return null;
            }
        }

        Map<String, String> labels() {
            JsonNode value = field("labels");
            if (value == null) {
                return null;
            }
            if (!value.isObject()) {
                fail(BAD_TYPE, "labels must be an object of strings, not " + typeName(value));
                return null;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!e.getValue().isTextual()) {
                    fail(BAD_TYPE, "label " + e.getKey() + " must be a string, not " + typeName(e.getValue()));
                    return null;
                }
                labels.put(e.getKey(), e.getValue().textValue());
            }
            return labels;
        }
    }

    private static boolean isLocalDateTime(String value) {
        try {
            LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String typeName(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** The JSON form of an event; absent optional fields are left out. */
    public static ObjectNode toJson(MilestoneEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        Object e = event.getEvent();
        node.put("type", e.getClass().getSimpleName());
        node.put("eventId", event.getEventId());
        node.put("occurredAt", event.getOccurredAt().toString());
        node.put("source", event.getSource());
        if (e instanceof MilestoneDeclared d) {
            node.put("milestoneId", d.getMilestoneId());
            node.put("teamId", d.getTeamId());
            node.put("name", d.getName());
            node.put("kind", d.getKind().name());
            putIfPresent(node, "dueDate", d.getDueDate());
            putIfPresent(node, "status", d.getStatus());
            if (d.getLabels() != null) {
                ObjectNode labels = node.putObject("labels");
                d.getLabels().forEach(labels::put);
            }
        } else if (e instanceof MilestoneStatusChanged c) {
            node.put("milestoneId", c.getMilestoneId());
            node.put("status", c.getStatus().name());
        } else if (e instanceof MilestoneDueDateChanged c) {
            node.put("milestoneId", c.getMilestoneId());
            putIfPresent(node, "dueDate", c.getDueDate());
        } else if (e instanceof MilestoneRetired r) {
            node.put("milestoneId", r.getMilestoneId());
        } else if (e instanceof DependencyDeclared d) {
            node.put("dependentId", d.getDependentId());
            node.put("dependencyId", d.getDependencyId());
            node.put("strength", d.getStrength().name());
            putIfPresent(node, "neededBy", d.getNeededBy());
        } else if (e instanceof DependencyRemoved r) {
            node.put("dependentId", r.getDependentId());
            node.put("dependencyId", r.getDependencyId());
        } else {
            throw new IllegalArgumentException("unknown event type " + e.getClass().getName());
        }
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value instanceof Enum<?> en ? en.name() : value.toString());
        }
    }

    private static Refused refused(String code, String message) {
        return new Refused(new Rejection(code, message));
    }
}
