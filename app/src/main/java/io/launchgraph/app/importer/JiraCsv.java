package io.launchgraph.app.importer;

import io.launchgraph.avro.DependencyStrength;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jira's CSV export ("Export Excel CSV"). Jira writes one column per value, under the same name:
 * several {@code Labels} and {@code Component/s}, and one {@code Inward issue link (Blocks)} or
 * {@code Outward issue link (Blocks)} per link. Link columns are matched by their prefix and the
 * link type taken from inside the brackets, since sites name their link types as they like. The
 * links read as in the JSON: inward Y on X is X -> Y, outward Y on X is Y -> X.
 */
final class JiraCsv {
    private static final String INWARD = "Inward issue link (";
    private static final String OUTWARD = "Outward issue link (";
    private static final Pattern ISSUE_ID = Pattern.compile("\\d+");
    /** Several keys in one link cell, as some tools write them. */
    private static final String SEPARATORS = "[,;]";

    private JiraCsv() {}

    static void read(CsvTable t, Mapping mapping, Dates dates, DesiredBuilder into) {
        int key = t.column("Issue key");
        int status = t.column("Status");
        if (key < 0 || status < 0) {
            into.problem(Problem.whole("no \"" + (key < 0 ? "Issue key" : "Status") + "\" column: is this Jira's CSV export "
                    + "(\"Export Excel CSV (all fields)\")? Columns found: " + t.header()));
            return;
        }
        String dueName = mapping.dueDate() == null ? "Due Date" : mapping.dueDate();
        Columns c = new Columns(key, t.column("Summary"), t.column("Issue Type"), status, t.column("Status Category"),
                t.column("Project key"), t.columns("Component/s"), t.columns("Labels"), t.column(dueName, "Custom field (" + dueName + ")"),
                t.column("Updated"), t.columnsStartingWith(INWARD), t.columnsStartingWith(OUTWARD));
        boolean linksExported = !c.inward().isEmpty() || !c.outward().isEmpty();
        if (!linksExported) {
            into.note("the export has no issue link columns (\"Inward issue link (...)\", \"Outward issue link (...)\"): "
                    + "links are neither added nor removed; export all fields to import them");
        }
        Map<String, String> keyById = keysById(t);
        for (CsvTable.Row row : t.rows()) {
            String k = row.get(c.key());
            Problem.Position at = Problem.Position.line(row.line(), k.isEmpty() ? null : k);
            if (k.isEmpty()) {
                into.problem(at.problem("the row has no issue key"));
                continue;
            }
            TrackerIssue issue = new TrackerIssue(k, row.get(c.summary()), row.get(c.type()), row.get(c.status()), row.get(c.category()),
                    project(row.get(c.project()), k), CsvTable.values(row, c.components(), null), CsvTable.values(row, c.labels(), null),
                    f -> row.get(t.column(f, "Custom field (" + f + ")")), row.get(c.due()), row.get(c.updated()));
            Desired.Milestone m = issue.toMilestone(mapping, dates, at, into);
            if (linksExported) {
                into.coversOut(k);
                into.coversIn(k);
            }
            Instant updated = m == null ? null : m.updatedAt();
            links(t, row, c.inward(), true, k, updated, keyById, mapping, at, into);
            links(t, row, c.outward(), false, k, updated, keyById, mapping, at, into);
        }
    }

    private record Columns(int key, int summary, int type, int status, int category, int project, List<Integer> components,
            List<Integer> labels, int due, int updated, List<Integer> inward, List<Integer> outward) {}

    private static void links(CsvTable t, CsvTable.Row row, List<Integer> columns, boolean inward, String key, Instant updated,
            Map<String, String> keyById, Mapping mapping, Problem.Position at, DesiredBuilder into) {
        for (int column : columns) {
            List<String> others = CsvTable.values(row, List.of(column), SEPARATORS);
            if (others.isEmpty()) {
                continue;
            }
            String name = t.name(column);
            String type = name.substring(name.indexOf('(') + 1, Math.max(name.indexOf('(') + 1, name.lastIndexOf(')')));
            DependencyStrength strength = TrackerIssue.strength(mapping, type);
            if (strength == null) {
                others.forEach(o -> into.skippedLinkType(type));
                continue;
            }
            for (String value : others) {
                String other = ISSUE_ID.matcher(value).matches() ? keyById.get(value) : value;
                if (other == null) {
                    into.problem(at.problem("\"" + name + "\" holds " + value + ", an issue id rather than a key, and no row of this "
                            + "export has that \"Issue id\"; export the linked issue too, or with keys"));
                } else if (inward) {
                    into.link(at, key, other, strength, updated);
                } else {
                    into.link(at, other, key, strength, updated);
                }
            }
        }
    }

    /** Some Jira versions write the linked issue's id, not its key; the export's own rows translate them. */
    private static Map<String, String> keysById(CsvTable t) {
        Map<String, String> keys = new HashMap<>();
        int id = t.column("Issue id");
        int key = t.column("Issue key");
        if (id >= 0) {
            t.rows().forEach(r -> {
                if (!r.get(id).isEmpty() && !r.get(key).isEmpty()) {
                    keys.put(r.get(id), r.get(key));
                }
            });
        }
        return keys;
    }

    private static String project(String column, String key) {
        int dash = key.lastIndexOf('-');
        return !column.isEmpty() ? column : dash > 0 ? key.substring(0, dash) : null;
    }
}
