package io.launchgraph.app.importer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV export with its header row, read with Commons CSV (quoted fields may hold commas, quotes
 * and line breaks, as Jira's descriptions do). The header is read here rather than by Commons
 * CSV, because Jira repeats column names ({@code Labels}, {@code Component/s}, one
 * {@code Outward issue link (Blocks)} per link): columns are found by name, case-insensitively,
 * and kept by position.
 */
final class CsvTable {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

    /** One data row and the line of the file it starts on (a quoted line break makes a row span lines). */
    record Row(int line, List<String> cells) {
        /** The trimmed cell at {@code column}; empty when the column is missing (-1) or the row is short. */
        String get(int column) {
            return column < 0 || column >= cells.size() ? "" : cells.get(column).strip();
        }
    }

    private final List<String> header;
    private final List<Row> rows;

    private CsvTable(List<String> header, List<Row> rows) {
        this.header = header;
        this.rows = rows;
    }

    /** Reads a whole export; an IllegalArgumentException says where the CSV is broken. */
    static CsvTable read(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int[] lineStarts = lineStarts(body);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(body), FORMAT)) {
            try {
                for (CSVRecord record : parser) {
                    List<String> cells = record.toList();
                    if (header == null) {
                        header = cells.stream().map(String::strip).toList();
                    } else {
                        rows.add(new Row(lineOf(lineStarts, record.getCharacterPosition()), cells));
                    }
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new IllegalArgumentException("not valid CSV after line " + parser.getCurrentLineNumber() + ": "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (header == null) {
            throw new IllegalArgumentException("the export is empty: no header row");
        }
        return new CsvTable(header, rows);
    }

    List<String> header() {
        return header;
    }

    List<Row> rows() {
        return rows;
    }

    /** The position of the first column named {@code name} (case-insensitive), or -1. */
    int column(String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The first of {@code names} that is a column, or -1. */
    int column(String... names) {
        for (String n : names) {
            int c = column(n);
            if (c >= 0) {
                return c;
            }
        }
        return -1;
    }

    /** Every column named {@code name} (Jira repeats them). */
    List<Integer> columns(String name) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(name)) {
                found.add(i);
            }
        }
        return found;
    }

    /** Every column whose name starts with {@code prefix} (case-insensitive). */
    List<Integer> columnsStartingWith(String prefix) {
        List<Integer> found = new ArrayList<>();
        String p = prefix.toLowerCase(Locale.ROOT);
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).toLowerCase(Locale.ROOT).startsWith(p)) {
                found.add(i);
            }
        }
        return found;
    }

    String name(int column) {
        return header.get(column);
    }

    /** The non-blank cells of {@code columns} in a row, each split on {@code separator} when given (null: not split). */
    static List<String> values(Row row, List<Integer> columns, String separator) {
        List<String> values = new ArrayList<>();
        for (int c : columns) {
            String cell = row.get(c);
            List<String> parts = separator == null ? List.of(cell) : Arrays.asList(cell.split(separator));
            for (String part : parts) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return values;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] lineStarts, long position) {
        int i = Arrays.binarySearch(lineStarts, (int) position);
        return (i >= 0 ? i : -i - 2) + 1;
    }
}
