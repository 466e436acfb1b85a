package io.launchgraph.app.importer;

import io.launchgraph.avro.DependencyStrength;
import java.time.Instant;
import java.util.List;

/**
 * Linear's CSV export ({@code ID, Team, Title, ..., Status, ..., Labels, ..., Updated, ..., Due
 * Date, ..., Blocked by, Blocking, Related to, Duplicate of}), columns found by name. The relation
 * columns hold comma-separated ids ({@code ENG-56, ENG-57}); their link types for the mapping are
 * {@code blocks} ("Blocked by": this issue -> each; "Blocking": each -> this issue),
 * {@code related} and {@code duplicate} (this issue -> each). Linear writes a relation on both
 * issues, so "Blocked by" lists every edge out of an issue and "Blocking" every edge into it;
 * exports from before those columns existed say nothing about links.
 */
final class LinearCsv {
    private LinearCsv() {}

    private record Relation(String column, String type, boolean outOfRow) {}

    private static final List<Relation> RELATIONS = List.of(
            new Relation("Blocked by", "blocks", true),
            new Relation("Blocking", "blocks", false),
            new Relation("Related to", "related", true),
            new Relation("Duplicate of", "duplicate", true));

    static void read(CsvTable t, Mapping mapping, Dates dates, DesiredBuilder into) {
        int id = t.column("ID");
        int status = t.column("Status");
        if (id < 0 || status < 0) {
            into.problem(Problem.whole("no \"" + (id < 0 ? "ID" : "Status") + "\" column: is this Linear's CSV export? Columns found: "
                    + t.header()));
            return;
        }
        int title = t.column("Title");
        int team = t.column("Team");
        int labels = t.column("Labels");
        int due = t.column(mapping.dueDate());
        int updated = t.column("Updated");
        int blockedBy = t.column("Blocked by");
        int blocking = t.column("Blocking");
        if (blockedBy < 0 && blocking < 0) {
            into.note("the export has no \"Blocked by\" or \"Blocking\" column: links are neither added nor removed");
        }
        for (CsvTable.Row row : t.rows()) {
            String key = row.get(id);
            Problem.Position at = Problem.Position.line(row.line(), key.isEmpty() ? null : key);
            if (key.isEmpty()) {
                into.problem(at.problem("the row has no ID"));
                continue;
            }
            TrackerIssue issue = new TrackerIssue(key, row.get(title), null, row.get(status), null, row.get(team), List.of(),
                    CsvTable.values(row, List.of(labels), ","), f -> row.get(t.column(f)), row.get(due), row.get(updated));
            Desired.Milestone m = issue.toMilestone(mapping, dates, at, into);
            if (blockedBy >= 0) {
                into.coversOut(key);
            }
            if (blocking >= 0) {
                into.coversIn(key);
            }
            Instant updatedAt = m == null ? null : m.updatedAt();
            for (Relation r : RELATIONS) {
                relation(t, row, r, key, updatedAt, mapping, at, into);
            }
        }
    }

    private static void relation(CsvTable t, CsvTable.Row row, Relation r, String key, Instant updated, Mapping mapping,
            Problem.Position at, DesiredBuilder into) {
        int column = t.column(r.column());
        List<String> others = column < 0 ? List.of() : CsvTable.values(row, List.of(column), ",");
        if (others.isEmpty()) {
            return;
        }
        DependencyStrength strength = TrackerIssue.strength(mapping, r.type());
        for (String other : others) {
            if (strength == null) {
                into.skippedLinkType(r.type());
            } else if (r.outOfRow()) {
                into.link(at, key, other, strength, updated);
            } else {
                into.link(at, other, key, strength, updated);
            }
        }
    }
}
