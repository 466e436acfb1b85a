package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.launchgraph.avro.ForecastState;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The query parameters the resources share, each refused with a 400 that says what is wrong. */
final class QueryParams {
    private static final List<String> FORECAST_STATES = Arrays.stream(ForecastState.values()).map(Enum::name).toList();
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([dhm])");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private QueryParams() {}

    static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new HttpResponseException(400, name + " must be a whole number of at least 0, not \"" + v + "\"", Map.of());
        }
    }

    /**
     * An instant: RFC 3339 with an offset ({@code 2026-10-01T12:00:00Z}, kept to the millisecond
     * as events are), a date (its start, UTC: what a date picker gives), or a time back from now
     * ({@code 7d}, {@code 12h}, {@code 30m}). Null when the parameter is absent.
     */
    static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        Matcher ago = AGO.matcher(v.trim());
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration back = switch (ago.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
            return Instant.now().minus(back).truncatedTo(ChronoUnit.MILLIS);
        }
        try {
            if (DATE.matcher(v.trim()).matches()) {
                return LocalDate.parse(v.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException e) {
            throw new HttpResponseException(400, name + " must be an RFC 3339 instant with an offset, e.g. 2026-10-01T12:00:00Z, "
                    + "a date (2026-10-01, its start in UTC), or a time back from now such as 7d, 12h or 30m; not \"" + v + "\"", Map.of());
        }
    }

    /** An instant that must be given. */
    static Instant requiredInstant(Context ctx, String name) {
        Instant t = instant(ctx, name);
        if (t == null) {
            throw new HttpResponseException(400, name + " is required, e.g. " + name + "=2026-10-01T12:00:00Z or " + name + "=7d", Map.of());
        }
        return t;
    }

    /** Which launches: {@code state}, {@code blocked}, {@code team}, {@code label}, {@code forecast}, {@code slippedBy}. */
    static LocalQueries.LaunchFilter launchFilter(Context ctx) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse("open").toLowerCase(Locale.ROOT);
        Boolean open = switch (state) {
            case "open" -> Boolean.TRUE;
            case "closed" -> Boolean.FALSE;
            case "all" -> null;
            default -> throw new HttpResponseException(400, "state must be open, closed or all, not \"" + state + "\"", Map.of());
        };
        String blocked = ctx.queryParam("blocked");
        if (blocked != null && !blocked.equals("true") && !blocked.equals("false")) {
            throw new HttpResponseException(400, "blocked must be true or false, not \"" + blocked + "\"", Map.of());
        }
        Map<String, String> labels = new TreeMap<>();
        for (String label : ctx.queryParams("label")) {
            int colon = label.indexOf(':');
            if (colon <= 0) {
                throw new HttpResponseException(400, "label must be key:value, e.g. market:DE, not \"" + label + "\"", Map.of());
            }
            labels.put(label.substring(0, colon), label.substring(colon + 1));
        }
        Set<String> forecasts = new TreeSet<>();
        for (String list : ctx.queryParams("forecast")) {
            for (String one : list.split(",", -1)) {
                String wanted = one.trim().toUpperCase(Locale.ROOT);
                if (!FORECAST_STATES.contains(wanted)) {
                    throw new HttpResponseException(400, "forecast must be one of " + String.join(", ", FORECAST_STATES)
                            + " (or several, comma-separated), not \"" + one + "\"", Map.of());
                }
                forecasts.add(wanted);
            }
        }
        Integer slippedBy = ctx.queryParam("slippedBy") == null ? null : intParam(ctx, "slippedBy", 0);
        return new LocalQueries.LaunchFilter(
                open, blocked == null ? null : Boolean.valueOf(blocked), ctx.queryParam("team"), labels, forecasts, slippedBy);
    }

    /**
     * By launch id; with {@code sort=slip}, most days late first, launches without a dated forecast
     * last; with {@code sort=due}, soonest due date first, launches without one last.
     */
    static Comparator<Views.Launch> launchOrder(Context ctx) {
        Comparator<Views.Launch> byId = Comparator.comparing(Views.Launch::launchId);
        return switch (Optional.ofNullable(ctx.queryParam("sort")).orElse("id")) {
            case "id" -> byId;
            case "slip" -> Comparator.comparing(Views.Launch::slipDays, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(byId);
            case "due" -> Comparator.comparing(Views.Launch::dueDate, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(byId);
            default -> throw new HttpResponseException(400, "sort must be id, slip or due, not \"" + ctx.queryParam("sort") + "\"", Map.of());
        };
    }
}
