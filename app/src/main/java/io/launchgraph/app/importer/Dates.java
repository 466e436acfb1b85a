package io.launchgraph.app.importer;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the dates and times trackers write: ISO-8601 (with {@code Z}, {@code +02:00} or Jira's
 * {@code +0000}), JavaScript's {@code Date.toString()} form that Linear's CSV uses, and the
 * site-configured patterns of the mapping (Jira's CSV default {@code 30/Nov/26 12:00 AM}).
 * A time without an offset is in the mapping's time zone. A due date is the calendar date as
 * written, whatever the time of day beside it.
 */
final class Dates {
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HHmm", "Z").toFormatter(Locale.ROOT);
    /** "Sat Nov 08 2025 16:43:09 GMT+0000 (Coordinated Universal Time)": the zone's name in brackets is left off. */
    private static final DateTimeFormatter JAVASCRIPT = DateTimeFormatter.ofPattern("EEE MMM dd uuuu HH:mm:ss 'GMT'xx", Locale.ENGLISH);
    private static final Pattern COMPACT_TAIL = Pattern.compile("T[0-9:.]+[+-]\\d{4}$");
    private static final Pattern JAVASCRIPT_TAIL = Pattern.compile("\\s*\\(.*\\)\\s*$");

    private final List<DateTimeFormatter> patterns = new ArrayList<>();
    private final List<String> patternTexts;
    private final ZoneId zone;

    Dates(List<String> patterns, ZoneId zone) {
        this.patternTexts = patterns;
        this.zone = zone;
        for (String p : patterns) {
            try {
                this.patterns.add(new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(strictYears(p))
                        .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT));
            } catch (IllegalArgumentException e) {
                throw new Mapping.BadMapping("\"dateFormats\" has \"" + p + "\", which is not a java.time pattern: " + e.getMessage());
            }
        }
    }

    static Dates of(Mapping mapping) {
        return new Dates(mapping.dateFormats(), mapping.timeZone());
    }

    /** A due date, or null for a blank one; a DateTimeException says which forms are read. */
    LocalDate date(String text) {
        String t = blankToNull(text);
        if (t == null) {
            return null;
        }
        if (ISO_DATE.matcher(t).matches()) {
            return isoDate(t);
        }
        TemporalAccessor parsed = parse(t);
        if (parsed == null || !parsed.isSupported(ChronoField.EPOCH_DAY)) {
            throw unreadable(t, "a date");
        }
        return LocalDate.from(parsed);
    }

    /** An instant (an "updated" time) to the millisecond, or null for a blank one. */
    Instant instant(String text) {
        String t = blankToNull(text);
        if (t == null) {
            return null;
        }
        TemporalAccessor parsed = ISO_DATE.matcher(t).matches() ? isoDate(t) : parse(t);
        if (parsed == null || !parsed.isSupported(ChronoField.EPOCH_DAY)) {
            throw unreadable(t, "a time");
        }
        Instant at;
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            at = OffsetDateTime.from(parsed).toInstant();
        } else if (parsed.isSupported(ChronoField.NANO_OF_DAY)) {
            at = LocalDateTime.from(parsed).atZone(zone).toInstant();
        } else {
            at = LocalDate.from(parsed).atStartOfDay(zone).toInstant();
        }
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static LocalDate isoDate(String t) {
        try {
            return LocalDate.parse(t);
        } catch (DateTimeException e) {
            throw new DateTimeException("\"" + t + "\" is not a date of the calendar (no such day)");
        }
    }

    private TemporalAccessor parse(String t) {
        // Tried in the likely order: a failed parse costs an exception, and an export has thousands of times.
        List<DateTimeFormatter> iso = COMPACT_TAIL.matcher(t).find()
                ? List.of(COMPACT_OFFSET, DateTimeFormatter.ISO_OFFSET_DATE_TIME, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                : List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME, COMPACT_OFFSET, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        for (DateTimeFormatter f : iso) {
            TemporalAccessor parsed = tryParse(f, t);
            if (parsed != null) {
                return parsed;
            }
        }
        TemporalAccessor js = tryParse(JAVASCRIPT, JAVASCRIPT_TAIL.matcher(t).replaceFirst(""));
        if (js != null) {
            return js;
        }
        for (DateTimeFormatter f : patterns) {
            TemporalAccessor parsed = tryParse(f, t);
            if (parsed != null) {
                return parsed;
            }
        }
        return null;
    }

    private static TemporalAccessor tryParse(DateTimeFormatter f, String t) {
        try {
            return f.parse(t);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private DateTimeException unreadable(String t, String what) {
        return new DateTimeException("\"" + t + "\" is not " + what + " in a form launchgraph reads (ISO-8601 such as 2026-11-30 or "
                + "2026-10-01T12:00:00Z" + (patternTexts.isEmpty() ? "" : ", or one of the mapping's \"dateFormats\" " + patternTexts)
                + "); set \"dateFormats\" in the mapping to your site's format");
    }

    private static String blankToNull(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.isEmpty() ? null : t.startsWith("\uFEFF") ? t.substring(1) : t;
    }

    /**
     * With strict resolving (so that 31/Feb is refused, not turned into 28/Feb), {@code y} is the
     * year of an era and needs one; {@code u} is the plain year people mean.
     */
    private static String strictYears(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            b.append(!quoted && c == 'y' ? 'u' : c);
        }
        return b.toString();
    }
}
