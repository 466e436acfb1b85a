package io.launchgraph.app.importer;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a tracker says about one issue, read from its export but not yet through the mapping; and
 * the one place that reads it through the mapping ({@link #toMilestone}), so that Jira, GitHub and
 * Linear get the same rules for teams, launches, statuses, labels and dates.
 *
 * @param nativeTeam the tracker's own owner: Jira's project key, GitHub's owner/repo, Linear's team
 * @param statusCategory Jira's status category, the fallback for a workflow's own status names
 * @param field any other field by name (Jira field id or CSV column), for {@code "team": "field:<name>"}
 */
record TrackerIssue(
        String key, String title, String type, String status, String statusCategory, String nativeTeam,
        List<String> components, List<String> labels, Function<String, String> field, String due, String updated) {

    /** Adds the milestone this issue is and returns it, or adds the row's problems and returns null. */
    Desired.Milestone toMilestone(Mapping mapping, Dates dates, Problem.Position at, DesiredBuilder into) {
        int problemsBefore = into.problemCount();
        Rejection bad = EventRules.idProblem("key", key);
        if (bad != null) {
            into.problem(at.problem("the issue's key is not a valid id: " + bad.message()));
            return null;
        }
        String name = title == null || title.isBlank() ? key : title.strip();
        Rejection longName = EventRules.textProblem("title", name);
        if (longName != null) {
            into.problem(at.problem(longName.message()));
        }
        String team = team(mapping, at, into);
        MilestoneStatus s = status(mapping, at, into);
        LocalDate dueDate = null;
        Instant updatedAt = null;
        try {
            dueDate = dates.date(due);
            Rejection r = EventRules.dateProblem("due date", dueDate);
            if (r != null) {
                into.problem(at.problem(r.message()));
            }
        } catch (DateTimeException e) {
            into.problem(at.problem("due date " + e.getMessage()));
        }
        try {
            updatedAt = dates.instant(updated);
        } catch (DateTimeException e) {
            into.problem(at.problem("updated time " + e.getMessage()));
        }
        if (into.problemCount() > problemsBefore) {
            return null;
        }
        MilestoneKind kind = anyOf(List.of(type == null ? "" : type), mapping.launchTypes()) || anyOf(labels, mapping.launchLabels())
                ? MilestoneKind.LAUNCH : MilestoneKind.MILESTONE;
        Desired.Milestone m = new Desired.Milestone(key, team, name, kind, dueDate, s, carriedLabels(mapping), updatedAt);
        into.milestone(at, m);
        return m;
    }

    /** HARD for a link type the mapping says blocks, SOFT for one that relates, null for any other. */
    static DependencyStrength strength(Mapping mapping, String linkType) {
        if (linkType == null) {
            return null;
        }
        if (anyOf(List.of(linkType), mapping.blocks())) {
            return DependencyStrength.HARD;
        }
        return anyOf(List.of(linkType), mapping.relates()) ? DependencyStrength.SOFT : null;
    }

    /**
     * A team id from a tracker's name for it: renamed by the mapping's "teams" when listed there
     * (as written, or case-insensitively), else lower-cased with spaces as dashes, so that
     * "Ads Platform" becomes the id ads-platform.
     */
    static String teamId(Map<String, String> renames, String raw, boolean normalise) {
        String value = raw.strip();
        String renamed = renames.get(value);
        if (renamed == null) {
            renamed = renames.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(value)).map(Map.Entry::getValue).findFirst()
                    .orElse(null);
        }
        if (renamed != null) {
            return renamed;
        }
        return normalise ? value.toLowerCase(Locale.ROOT).replaceAll("\\s+", "-") : value;
    }

    private String team(Mapping mapping, Problem.Position at, DesiredBuilder into) {
        String spec = mapping.team();
        String raw;
        String missing;
        if (spec.startsWith("field:")) {
            String f = spec.substring("field:".length());
            raw = field.apply(f);
            missing = "no value in field " + f;
        } else if (spec.startsWith("label-prefix:")) {
            String prefix = spec.substring("label-prefix:".length());
            raw = labels.stream().filter(l -> l.regionMatches(true, 0, prefix, 0, prefix.length())).findFirst()
                    .map(l -> l.substring(prefix.length())).orElse(null);
            missing = "no label starting with " + prefix;
        } else if (spec.equals("component")) {
            raw = components.isEmpty() ? null : components.get(0);
            missing = "no component";
        } else {
            raw = nativeTeam;
            missing = "no " + spec;
        }
        if (raw == null || raw.isBlank()) {
            into.problem(at.problem("no team: the issue has " + missing + " (mapping \"team\": \"" + spec + "\")"));
            return null;
        }
        String team = teamId(mapping.teams(), raw, true);
        Rejection r = EventRules.idProblem("team", team);
        if (r != null) {
            into.problem(at.problem("team \"" + team + "\" is not a valid id (" + r.message() + "); rename it in the mapping's \"teams\""));
            return null;
        }
        return team;
    }

    private MilestoneStatus status(Mapping mapping, Problem.Position at, DesiredBuilder into) {
        if (status == null || status.isBlank()) {
            into.problem(at.problem("no status"));
            return null;
        }
        MilestoneStatus s = mapping.status(status);
        if (s == null) {
            s = mapping.status(statusCategory);
        }
        if (s == null && mapping.unknownStatus() != null) {
            into.unknownStatus(status);
            s = mapping.unknownStatus();
        }
        if (s == null) {
            into.problem(at.problem("status \"" + status + "\" is not in the mapping; " + Mapping.unknownStatusHint(status)));
            return null;
        }
        if (s == MilestoneStatus.DONE || s == MilestoneStatus.CANCELLED) {
            return s;
        }
        // An open issue's label may say more than its status (GitHub has only open and closed).
        for (String label : labels) {
            MilestoneStatus byLabel = mapping.statusLabels().get(label.strip().toLowerCase(Locale.ROOT));
            if (byLabel != null) {
                return byLabel;
            }
        }
        return s;
    }

    private Map<String, String> carriedLabels(Mapping mapping) {
        Map<String, String> carried = new TreeMap<>();
        mapping.labels().forEach((labelKey, prefix) -> labels.stream()
                .filter(l -> l.length() > prefix.length() && l.regionMatches(true, 0, prefix, 0, prefix.length()))
                .findFirst()
                .ifPresent(l -> carried.put(labelKey, l.substring(prefix.length()))));
        return carried;
    }

    private static boolean anyOf(List<String> values, List<String> wanted) {
        for (String v : values) {
            for (String w : wanted) {
                if (v != null && v.strip().equalsIgnoreCase(w)) {
                    return true;
                }
            }
        }
        return false;
    }
}
