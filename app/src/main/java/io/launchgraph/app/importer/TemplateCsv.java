package io.launchgraph.app.importer;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * launchgraph's own CSV template, for trackers without an importer: one file, a {@code record}
 * column saying what each row is. {@code milestone} rows use {@code id, team, name, kind, due,
 * status, labels, updated}; {@code dependency} rows use {@code dependent, dependency, strength,
 * needed_by, updated}. Columns are found by name in any order, and a file needs only the columns
 * it uses. A milestone row lists all of its dependencies: one it no longer lists, that an earlier
 * import of the same source declared, is removed.
 */
final class TemplateCsv {
    private TemplateCsv() {}

    private record Columns(int id, int team, int name, int kind, int due, int status, int labels, int updated, int dependent,
            int dependency, int strength, int neededBy) {}

    static void read(CsvTable t, Mapping mapping, Dates dates, DesiredBuilder into) {
        int record = t.column("record");
        if (record < 0) {
            into.problem(Problem.whole("no \"record\" column: the template's first column says milestone or dependency; columns found: "
                    + t.header()));
            return;
        }
        Columns c = new Columns(t.column("id"), t.column("team"), t.column("name"), t.column("kind"), t.column("due", "due_date"),
                t.column("status"), t.column("labels"), t.column("updated"), t.column("dependent"), t.column("dependency"),
                t.column("strength"), t.column("needed_by", "neededBy"));
        for (CsvTable.Row row : t.rows()) {
            String kind = row.get(record).toLowerCase(Locale.ROOT);
            switch (kind) {
                case "milestone" -> milestone(row, c, mapping, dates, into);
                case "dependency" -> dependency(row, c, dates, into);
                default -> {
                    if (!row.cells().stream().allMatch(String::isBlank)) {
                        into.problem(Problem.Position.line(row.line(), null).problem("record is \"" + row.get(record)
                                + "\"; it must be milestone or dependency"));
                    }
                }
            }
        }
    }

    private static void milestone(CsvTable.Row row, Columns c, Mapping mapping, Dates dates, DesiredBuilder into) {
        String id = row.get(c.id());
        Problem.Position at = Problem.Position.line(row.line(), id.isEmpty() ? null : id);
        int before = into.problemCount();
        require(at, "id", id, into);
        String team = row.get(c.team()).isEmpty() ? "" : TrackerIssue.teamId(mapping.teams(), row.get(c.team()), false);
        require(at, "team", team, into);
        String name = row.get(c.name()).isEmpty() ? id : row.get(c.name());
        Rejection longName = EventRules.textProblem("name", name);
        if (longName != null) {
            into.problem(at.problem(longName.message()));
        }
        MilestoneKind kind = kind(row.get(c.kind()), at, into);
        MilestoneStatus status = status(row.get(c.status()), mapping, at, into);
        LocalDate due = date(row.get(c.due()), "due", dates, at, into);
        Instant updated = instant(row.get(c.updated()), dates, at, into);
        Map<String, String> labels = labels(row.get(c.labels()), at, into);
        if (into.problemCount() == before) {
            into.milestone(at, new Desired.Milestone(id, team, name, kind, due, status, labels, updated));
            into.coversOut(id);
        }
    }

    private static void dependency(CsvTable.Row row, Columns c, Dates dates, DesiredBuilder into) {
        String dependent = row.get(c.dependent());
        String dependency = row.get(c.dependency());
        Problem.Position at = Problem.Position.line(row.line(), dependent.isEmpty() ? null : dependent);
        int before = into.problemCount();
        require(at, "dependent", dependent, into);
        require(at, "dependency", dependency, into);
        DependencyStrength strength = DependencyStrength.HARD;
        String s = row.get(c.strength());
        if (!s.isEmpty()) {
            try {
                strength = DependencyStrength.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                into.problem(at.problem("strength is \"" + s + "\"; it must be HARD or SOFT"));
            }
        }
        LocalDate neededBy = date(row.get(c.neededBy()), "needed_by", dates, at, into);
        Instant updated = instant(row.get(c.updated()), dates, at, into);
        if (into.problemCount() == before) {
            into.edge(at, new Desired.Edge(dependent, dependency, strength, neededBy, updated));
        }
    }

    private static void require(Problem.Position at, String column, String value, DesiredBuilder into) {
        if (value.isEmpty()) {
            into.problem(at.problem(column + " is empty; the row needs one"));
            return;
        }
        Rejection r = EventRules.idProblem(column, value);
        if (r != null) {
            into.problem(at.problem(r.message()));
        }
    }

    private static MilestoneKind kind(String value, Problem.Position at, DesiredBuilder into) {
        if (value.isEmpty()) {
            return MilestoneKind.MILESTONE;
        }
        try {
            return MilestoneKind.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            into.problem(at.problem("kind is \"" + value + "\"; it must be LAUNCH or MILESTONE"));
            return null;
        }
    }

    private static MilestoneStatus status(String value, Mapping mapping, Problem.Position at, DesiredBuilder into) {
        if (value.isEmpty()) {
            return MilestoneStatus.PLANNED;
        }
        MilestoneStatus s = mapping.status(value);
        if (s == null && mapping.unknownStatus() != null) {
            into.unknownStatus(value);
            s = mapping.unknownStatus();
        }
        if (s == null) {
            into.problem(at.problem("status \"" + value + "\" is not known; " + Mapping.unknownStatusHint(value)));
        }
        return s;
    }

    private static LocalDate date(String value, String column, Dates dates, Problem.Position at, DesiredBuilder into) {
        try {
            LocalDate d = dates.date(value);
            Rejection r = EventRules.dateProblem(column, d);
            if (r != null) {
                into.problem(at.problem(r.message()));
            }
            return d;
        } catch (DateTimeException e) {
            into.problem(at.problem(column + " " + e.getMessage()));
            return null;
        }
    }

    private static Instant instant(String value, Dates dates, Problem.Position at, DesiredBuilder into) {
        try {
            return dates.instant(value);
        } catch (DateTimeException e) {
            into.problem(at.problem("updated " + e.getMessage()));
            return null;
        }
    }

    /** {@code market=DE;product=shopping-ads}. */
    private static Map<String, String> labels(String value, Problem.Position at, DesiredBuilder into) {
        Map<String, String> labels = new TreeMap<>();
        if (value.isEmpty()) {
            return labels;
        }
        for (String pair : value.split(";")) {
            int eq = pair.indexOf('=');
            if (pair.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                into.problem(at.problem("labels \"" + value + "\": each label is key=value, separated by ';'"));
                return labels;
            }
            labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return labels;
    }
}
