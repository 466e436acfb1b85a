package io.launchgraph.app.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's sections as a renderer-neutral outline (headings, paragraphs, bullet lists,
 * tables), so that Markdown and HTML say exactly the same; each renderer only escapes and lays out.
 */
final class ReportText {
    private ReportText() {}

    /** A block of the report. */
    sealed interface Block {}

    record Heading(int level, String text) implements Block {}

    record Paragraph(String text) implements Block {}

    record Bullets(List<String> items) implements Block {}

    /** Columns whose name starts with '#' are numbers, aligned right (the '#' is not shown). */
    record Table(List<String> columns, List<List<String>> rows) implements Block {}

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static List<Block> outline(WeeklyReport r) {
        List<Block> b = new ArrayList<>();
        b.add(new Heading(1, "Launch status: " + r.scope()));
        b.add(new Paragraph("Changes since " + MINUTE.format(r.since()) + ", as of " + MINUTE.format(r.generatedAt())
                + ". Every number is an answer of launchgraph (the launches then and now, and what changed between)."));

        b.add(new Heading(2, "Headline"));
        b.add(new Table(List.of("", "#Then", "#Now", "#Change"), List.of(
                count("Open launches", r.then().open(), r.now().open()),
                count("Blocked", r.then().blocked(), r.now().blocked()),
                count("Late (forecast after the due date)", r.then().late(), r.now().late()),
                count("Never (a cycle, or waits on something cancelled, retired or unknown)", r.then().never(), r.now().never()),
                count("Unscheduled (something on the way has no date)", r.then().unscheduled(), r.now().unscheduled()))));

        lines(b, "Newly blocked", r.newlyBlocked());
        lines(b, "Unblocked", r.unblocked());
        lines(b, "No longer open", r.closed());
        moves(b, "Forecasts that slipped", r.slipped());
        moves(b, "Forecasts that recovered", r.recovered());

        b.add(new Heading(2, "Teams whose milestones block or delay the most launches"));
        if (r.teams().isEmpty()) {
            b.add(new Paragraph("None: no open launch is blocked or late."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            r.teams().forEach(t -> rows.add(List.of(t.teamId(), Integer.toString(t.blocking()), Integer.toString(t.delaying()),
                    Long.toString(t.slipDays()))));
            b.add(new Table(List.of("Team", "#Blocks (launches)", "#Delays (late launches)", "#Days of slip"), rows));
        }

        b.add(new Heading(2, "Cycles that need a decision (" + r.cycles().size() + ")"));
        if (r.cycles().isEmpty()) {
            b.add(new Paragraph("None."));
        } else {
            List<String> items = new ArrayList<>();
            for (WeeklyReport.Cycle c : r.cycles()) {
                items.add(String.join(" → ", c.milestones()) + " → " + c.milestones().get(0) + " (" + String.join(", ", c.teams()) + "): "
                        + c.launches().size() + (c.launches().size() == 1 ? " launch waits: " : " launches wait: ")
                        + abbreviated(c.launches()) + (c.isNew() ? " — new since the last report" : ""));
            }
            b.add(new Bullets(items));
        }

        List<WeeklyReport.RiskLine> risks = r.topRisks();
        b.add(new Heading(2, "Risks: dependencies due after they are needed (" + (risks.size() < r.risks().size()
                ? "top " + risks.size() + " of " + r.risks().size() : Integer.toString(r.risks().size())) + ")"));
        if (risks.isEmpty()) {
            b.add(new Paragraph("None."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            risks.forEach(x -> rows.add(List.of(x.dependentId(), x.dependencyId(), String.valueOf(x.neededBy()),
                    x.dueDate() == null ? "no date" : x.dueDate().toString(), x.daysLate() == null ? "-" : "+" + x.daysLate(),
                    Integer.toString(x.launches()))));
            b.add(new Table(List.of("Dependent", "Dependency", "Needed by", "Due", "#Days late", "#Launches"), rows));
        }
        return b;
    }

    private static List<String> count(String what, int then, int now) {
        int d = now - then;
        return List.of(what, Integer.toString(then), Integer.toString(now), d == 0 ? "=" : String.format(Locale.ROOT, "%+d", d));
    }

    private static void lines(List<Block> b, String title, List<WeeklyReport.LaunchLine> lines) {
        b.add(new Heading(2, title + " (" + lines.size() + ")"));
        if (lines.isEmpty()) {
            b.add(new Paragraph("None."));
            return;
        }
        List<String> items = new ArrayList<>();
        lines.forEach(l -> items.add(l.launchId() + " (" + (l.name() == null ? "" : l.name() + ", ") + l.teamId() + "): " + l.detail()));
        b.add(new Bullets(items));
    }

    private static void moves(List<Block> b, String title, List<WeeklyReport.Move> moves) {
        b.add(new Heading(2, title + " (" + moves.size() + "), most days first"));
        if (moves.isEmpty()) {
            b.add(new Paragraph("None."));
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        moves.forEach(m -> rows.add(List.of(m.launchId(), String.valueOf(m.teamId()), m.from(), m.to(),
                m.days() == null ? "-" : String.format(Locale.ROOT, "%+d", m.days()),
                m.delayAt() == null ? "-" : m.delayAt() + " (" + m.delayTeam() + ")")));
        b.add(new Table(List.of("Launch", "Team", "Was", "Now", "#Days", "Delay starts at"), rows));
    }

    private static String abbreviated(List<String> ids) {
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + " and " + (ids.size() - 5) + " more";
    }
}
