package io.launchgraph.app.importer;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an import does to the graph: milestones added (never declared before), changed and
 * unchanged; edges declared (new or changed), removed, unchanged, and left alone (present, not in
 * the export, but written by another source); how many events that takes, and notes worth a look
 * (links not imported, statuses taken as the default, events stamped after a newer register).
 */
public record ImportSummary(
        String format, String source, Instant exportedAt, Milestones milestones, Edges edges, int events, List<String> notes) {

    public record Milestones(int added, int changed, int unchanged) {}

    public record Edges(int declared, int removed, int unchanged, int leftAlone) {}

    public ImportSummary {
        notes = List.copyOf(notes);
    }

    /** The summary as a person reads it, one line, then a line per note. */
    public String text() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s export (source %s, exported at %s): milestones %d new, %d changed, %d unchanged; "
                        + "edges %d declared, %d removed, %d unchanged, %d left alone (other sources); %d events",
                format, source, exportedAt, milestones.added(), milestones.changed(), milestones.unchanged(),
                edges.declared(), edges.removed(), edges.unchanged(), edges.leftAlone(), events));
        notes.forEach(n -> b.append(System.lineSeparator()).append("note: ").append(n));
        return b.toString();
    }
}
