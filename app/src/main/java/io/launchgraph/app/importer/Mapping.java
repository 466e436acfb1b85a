package io.launchgraph.app.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an export leaves open, said once per tracker (the mapping file, JSON): which link types
 * block or relate, where the team comes from, which issues are launches, what each status means,
 * where the due date is. Every key has a default per format ({@link #defaults}); the file names
 * only what differs. Unknown keys, and keys the format has no use for, are errors: a typo must not
 * import the wrong graph quietly.
 */
public record Mapping(
        String source,
        List<String> blocks,
        List<String> relates,
        String team,
        Map<String, String> teams,
        List<String> launchTypes,
        List<String> launchLabels,
        Map<String, MilestoneStatus> statuses,
        Map<String, MilestoneStatus> statusLabels,
        MilestoneStatus unknownStatus,
        String dueDate,
        List<String> dateFormats,
        ZoneId timeZone,
        Map<String, String> labels,
        DependencyStrength subIssues) {

    /** The longest source: its events' ids are {@code <source>:<kind>:<24 hex digits>}, at most 200 characters. */
    static final int MAX_SOURCE_LENGTH = 160;

    /** Statuses every tracker starts with (keys compare case-insensitively); the file's "statuses" add to them. */
    static final Map<String, MilestoneStatus> DEFAULT_STATUSES = defaultStatuses();

    private static final Set<String> COMMON_KEYS = Set.of("source", "teams", "statuses", "unknownStatus", "dateFormats", "timeZone");
    private static final Map<ImportFormat, Set<String>> FORMAT_KEYS = Map.of(
            ImportFormat.JIRA, Set.of("blocks", "relates", "team", "launch", "statusLabels", "dueDate", "labels"),
            ImportFormat.GITHUB, Set.of("team", "launch", "statusLabels", "dueDate", "labels", "subIssues"),
            ImportFormat.LINEAR, Set.of("blocks", "relates", "team", "launch", "statusLabels", "dueDate", "labels"),
            ImportFormat.CSV, Set.of());
    private static final Map<ImportFormat, List<String>> TEAM_SPECS = Map.of(
            ImportFormat.JIRA, List.of("project", "component", "field:<name>", "label-prefix:<prefix>"),
            ImportFormat.GITHUB, List.of("repo", "label-prefix:<prefix>"),
            ImportFormat.LINEAR, List.of("team", "field:<column>", "label-prefix:<prefix>"),
            ImportFormat.CSV, List.of("team"));
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /** The mapping file is wrong; the message names the key and what it should be. */
    public static final class BadMapping extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadMapping(String message) {
            super(message);
        }
    }

    public Mapping {
        blocks = List.copyOf(blocks);
        relates = List.copyOf(relates);
        teams = Collections.unmodifiableMap(new LinkedHashMap<>(teams));
        launchTypes = List.copyOf(launchTypes);
        launchLabels = List.copyOf(launchLabels);
        statuses = Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
        statusLabels = Collections.unmodifiableMap(new LinkedHashMap<>(statusLabels));
        dateFormats = List.copyOf(dateFormats);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** The built-in mapping of a format. */
    public static Mapping defaults(ImportFormat format) {
        return switch (format) {
            case JIRA -> new Mapping("jira", List.of("Blocks"), List.of(), "project", Map.of(), List.of("Launch"), List.of("launch"),
                    DEFAULT_STATUSES, Map.of(), null, null, List.of("dd/MMM/yy h:mm a", "dd/MMM/yy"), ZoneOffset.UTC, Map.of(), null);
            case GITHUB -> new Mapping("github", List.of(), List.of(), "repo", Map.of(), List.of("Launch"), List.of("launch"),
                    DEFAULT_STATUSES, lowerKeys(Map.of("in progress", MilestoneStatus.IN_PROGRESS, "blocked", MilestoneStatus.AT_RISK,
                            "at risk", MilestoneStatus.AT_RISK)),
                    null, "milestone.due_on", List.of(), ZoneOffset.UTC, Map.of(), DependencyStrength.SOFT);
            case LINEAR -> new Mapping("linear", List.of("blocks"), List.of(), "team", Map.of(), List.of(), List.of("launch"),
                    DEFAULT_STATUSES, Map.of(), null, "Due Date", List.of(), ZoneOffset.UTC, Map.of(), null);
            case CSV -> new Mapping("csv", List.of(), List.of(), "team", Map.of(), List.of(), List.of(),
                    DEFAULT_STATUSES, Map.of(), null, null, List.of(), ZoneOffset.UTC, Map.of(), null);
        };
    }

    /** The format's defaults with what {@code json} (a mapping file) sets; null or empty: the defaults. */
    public static Mapping read(ImportFormat format, byte[] json) {
        Mapping d = defaults(format);
        if (json == null || json.length == 0) {
            return d;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadMapping("the mapping is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadMapping("the mapping cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadMapping("the mapping is a JSON object, e.g. {\"team\": \"component\"}");
        }
        Set<String> allowed = new TreeSet<>(COMMON_KEYS);
        allowed.addAll(FORMAT_KEYS.get(format));
        root.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                boolean elsewhere = FORMAT_KEYS.values().stream().anyMatch(keys -> keys.contains(k));
                throw new BadMapping((elsewhere ? "mapping key \"" + k + "\" does not apply to " + format.id() + " exports"
                        : "unknown mapping key \"" + k + "\"") + "; the keys for " + format.id() + " are " + allowed);
            }
        });
        JsonNode launch = root.path("launch");
        if (!launch.isMissingNode()) {
            object(launch, "launch");
            launch.fieldNames().forEachRemaining(k -> {
                if (!k.equals("issueTypes") && !k.equals("labels")) {
                    throw new BadMapping("unknown key \"" + k + "\" in \"launch\"; it has \"issueTypes\" and \"labels\"");
                }
            });
        }
        Map<String, MilestoneStatus> statuses = new LinkedHashMap<>(d.statuses());
        statuses.putAll(lowerKeys(statusMap(root.path("statuses"), "statuses")));
        Map<String, MilestoneStatus> statusLabels = root.has("statusLabels")
                ? lowerKeys(statusMap(root.path("statusLabels"), "statusLabels")) : d.statusLabels();
        return new Mapping(
                source(root.path("source"), d.source()),
                strings(root.path("blocks"), "blocks", d.blocks()),
                strings(root.path("relates"), "relates", d.relates()),
                team(format, root.path("team"), d.team()),
                stringMap(root.path("teams"), "teams", d.teams()),
                strings(launch.path("issueTypes"), "launch.issueTypes", d.launchTypes()),
                strings(launch.path("labels"), "launch.labels", d.launchLabels()),
                statuses,
                statusLabels,
                unknownStatus(root.path("unknownStatus")),
                text(root.path("dueDate"), "dueDate", d.dueDate()),
                strings(root.path("dateFormats"), "dateFormats", d.dateFormats()),
                zone(root.path("timeZone"), d.timeZone()),
                stringMap(root.path("labels"), "labels", d.labels()),
                subIssues(root.path("subIssues"), d.subIssues()));
    }

    /** The status a tracker's status name (or GitHub's {@code closed/not_planned}) stands for, or null when the mapping has none. */
    MilestoneStatus status(String name) {
        return name == null ? null : statuses.get(name.strip().toLowerCase(Locale.ROOT));
    }

    /** The mapping key to set, and an example, for a status it does not know. */
    static String unknownStatusHint(String name) {
        return "add it to \"statuses\" in the mapping file, e.g. \"statuses\": {\"" + name + "\": \"IN_PROGRESS\"}"
                + " (one of " + Arrays.toString(MilestoneStatus.values()) + "), or set \"unknownStatus\": \"PLANNED\"";
    }

    private static Map<String, MilestoneStatus> defaultStatuses() {
        Map<MilestoneStatus, List<String>> names = new EnumMap<>(MilestoneStatus.class);
        names.put(MilestoneStatus.PLANNED, List.of("To Do", "Todo", "Backlog", "Open", "New", "Triage", "Planned", "Selected for Development",
                "Reopened", "Unstarted"));
        names.put(MilestoneStatus.IN_PROGRESS, List.of("In Progress", "In Review", "Started", "In Development", "In QA", "Review", "Testing",
                "In_Progress"));
        names.put(MilestoneStatus.AT_RISK, List.of("Blocked", "At Risk", "On Hold", "At_Risk"));
        names.put(MilestoneStatus.DONE, List.of("Done", "Closed", "Resolved", "Completed", "Complete", "Released", "Shipped",
                "closed/completed"));
        names.put(MilestoneStatus.CANCELLED, List.of("Canceled", "Cancelled", "Won't Do", "Won't Fix", "Duplicate", "Rejected", "Obsolete",
                "closed/not_planned", "closed/duplicate"));
        Map<String, MilestoneStatus> statuses = new LinkedHashMap<>();
        names.forEach((status, list) -> list.forEach(n -> statuses.put(n.toLowerCase(Locale.ROOT), status)));
        return Collections.unmodifiableMap(statuses);
    }

    private static <V> Map<String, V> lowerKeys(Map<String, V> map) {
        Map<String, V> lower = new LinkedHashMap<>();
        map.forEach((k, v) -> lower.put(k.strip().toLowerCase(Locale.ROOT), v));
        return lower;
    }

    private static void object(JsonNode node, String key) {
        if (!node.isObject()) {
            throw new BadMapping("\"" + key + "\" must be a JSON object");
        }
    }

    private static String source(JsonNode node, String fallback) {
        String source = text(node, "source", fallback);
        Rejection r = EventRules.idProblem("source", source);
        if (r != null) {
            throw new BadMapping("\"source\" " + source + " is not a valid id: " + r.message());
        }
        if (source.length() > MAX_SOURCE_LENGTH || source.contains(":")) {
            throw new BadMapping("\"source\" must have at most " + MAX_SOURCE_LENGTH + " characters and no ':' (it starts the events' ids)");
        }
        return source;
    }

    private static String text(JsonNode node, String key, String fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new BadMapping("\"" + key + "\" must be a non-empty string");
        }
        return node.textValue().strip();
    }

    private static List<String> strings(JsonNode node, String key, List<String> fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isArray()) {
            throw new BadMapping("\"" + key + "\" must be a list of strings, e.g. [\"" + key + "-1\"]");
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(text(v, key + "[]", null)));
        return values;
    }

    private static Map<String, String> stringMap(JsonNode node, String key, Map<String, String> fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        object(node, key);
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), text(e.getValue(), key + "." + e.getKey(), null)));
        return map;
    }

    private static Map<String, MilestoneStatus> statusMap(JsonNode node, String key) {
        Map<String, MilestoneStatus> map = new LinkedHashMap<>();
        stringMap(node, key, Map.of()).forEach((name, value) -> map.put(name, status(value, key + "." + name)));
        return map;
    }

    private static MilestoneStatus status(String value, String key) {
        try {
            return MilestoneStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadMapping("\"" + key + "\" is \"" + value + "\"; it must be one of " + Arrays.toString(MilestoneStatus.values()));
        }
    }

    private static MilestoneStatus unknownStatus(JsonNode node) {
        String value = text(node, "unknownStatus", "refuse");
        return value.equalsIgnoreCase("refuse") ? null : status(value, "unknownStatus");
    }

    private static String team(ImportFormat format, JsonNode node, String fallback) {
        String spec = text(node, "team", fallback);
        for (String allowed : TEAM_SPECS.get(format)) {
            int open = allowed.indexOf('<');
            boolean matches = open < 0 ? spec.equals(allowed) : spec.startsWith(allowed.substring(0, open)) && spec.length() > open;
            if (matches) {
                return spec;
            }
        }
        throw new BadMapping("\"team\" is \"" + spec + "\"; for " + format.id() + " it is one of " + TEAM_SPECS.get(format));
    }

    private static ZoneId zone(JsonNode node, ZoneId fallback) {
        String value = text(node, "timeZone", null);
        if (value == null) {
            return fallback;
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new BadMapping("\"timeZone\" \"" + value + "\" is not a time zone, e.g. \"UTC\" or \"Europe/Berlin\"");
        }
    }

    private static DependencyStrength subIssues(JsonNode node, DependencyStrength fallback) {
        String value = text(node, "subIssues", null);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return DependencyStrength.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadMapping("\"subIssues\" is \"" + value + "\"; it must be SOFT, HARD or none");
        }
    }
}
