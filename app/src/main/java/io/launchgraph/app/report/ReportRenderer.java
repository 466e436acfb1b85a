package io.launchgraph.app.report;

import java.util.List;

/** The report as Markdown (pastes into a doc or a chat message) or as an HTML page that prints well. */
public final class ReportRenderer {
    private ReportRenderer() {}

    public static String markdown(WeeklyReport report) {
        StringBuilder out = new StringBuilder();
        for (ReportText.Block block : ReportText.outline(report)) {
            if (block instanceof ReportText.Heading h) {
                out.append("#".repeat(h.level())).append(' ').append(md(h.text())).append("\n\n");
            } else if (block instanceof ReportText.Paragraph p) {
                out.append(md(p.text())).append("\n\n");
            } else if (block instanceof ReportText.Bullets l) {
                l.items().forEach(i -> out.append("- ").append(md(i)).append('\n'));
                out.append('\n');
            } else if (block instanceof ReportText.Table t) {
                out.append('|');
                t.columns().forEach(c -> out.append(' ').append(md(c.replaceFirst("^#", ""))).append(" |"));
                out.append("\n|");
                t.columns().forEach(c -> out.append(c.startsWith("#") ? "---:|" : "---|"));
                out.append('\n');
                for (List<String> row : t.rows()) {
                    out.append('|');
                    row.forEach(cell -> out.append(' ').append(md(cell)).append(" |"));
                    out.append('\n');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    public static String html(WeeklyReport report) {
        StringBuilder out = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #111; line-height: 1.4; }
                  h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
                  table { border-collapse: collapse; margin: 0.5em 0; } th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; }
                  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } th { background: #f0f0f0; }
                  @media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; } tr, li { break-inside: avoid; } }
                </style>
                </head>
                <body>
                """.formatted(html(titleOf(report))));
        for (ReportText.Block block : ReportText.outline(report)) {
            if (block instanceof ReportText.Heading h) {
                out.append("<h").append(h.level()).append('>').append(html(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (block instanceof ReportText.Paragraph p) {
                out.append("<p>").append(html(p.text())).append("</p>\n");
            } else if (block instanceof ReportText.Bullets l) {
                out.append("<ul>\n");
                l.items().forEach(i -> out.append("<li>").append(html(i)).append("</li>\n"));
                out.append("</ul>\n");
            } else if (block instanceof ReportText.Table t) {
                out.append("<table>\n<thead><tr>");
                t.columns().forEach(c -> out.append(c.startsWith("#") ? "<th class=\"n\">" : "<th>").append(html(c.replaceFirst("^#", ""))).append("</th>"));
                out.append("</tr></thead>\n<tbody>\n");
                for (List<String> row : t.rows()) {
                    out.append("<tr>");
                    for (int i = 0; i < row.size(); i++) {
                        out.append(t.columns().get(i).startsWith("#") ? "<td class=\"n\">" : "<td>").append(html(row.get(i))).append("</td>");
                    }
                    out.append("</tr>\n");
                }
                out.append("</tbody>\n</table>\n");
            }
        }
        return out.append("</body>\n</html>\n").toString();
    }

    private static String titleOf(WeeklyReport report) {
        return "Launch status: " + report.scope();
    }

    /** Escapes what Markdown would read as markup (ids and names are free to contain it). */
    static String md(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]<>|#~])", "\\\\$1").replace("\n", " ");
    }

    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
