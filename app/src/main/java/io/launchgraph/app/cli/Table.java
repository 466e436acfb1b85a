package io.launchgraph.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with aligned columns; long cells are cut with an ellipsis. */
final class Table {
    private static final int MAX_CELL = 70;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private boolean wholeLastColumn;

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Prints the last column whole: for sentences, which a cut would make wrong. */
    Table wholeLastColumn() {
        wholeLastColumn = true;
        return this;
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            String s = cells[i] == null ? "-" : cells[i].toString();
            boolean whole = wholeLastColumn && i == cells.length - 1;
            row.add(!whole && s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        out.println(b.toString().stripTrailing());
    }
}
