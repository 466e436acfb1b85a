package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.launchgraph.app.report.ReportRenderer;
import io.launchgraph.app.report.WeeklyReport;
import io.launchgraph.topology.StateStores;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@code GET /report}: the weekly status report, in Markdown, HTML or JSON, from the instance with the answers. */
final class ReportResource {
    private final Routing routing;

    ReportResource(Routing routing) {
        this.routing = routing;
    }

    List<HttpApi.Route> routes() {
        return List.of(new HttpApi.Route("GET", "/report", this::report));
    }

    private void report(Context ctx) {
        Instant since = Optional.ofNullable(QueryParams.instant(ctx, "since"))
                .orElseGet(() -> Instant.now().minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS));
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("md").toLowerCase(Locale.ROOT);
        if (!Set.of("md", "html", "json").contains(format)) {
            throw new HttpResponseException(400, "format must be md, html or json, not \"" + ctx.queryParam("format") + "\"", Map.of());
        }
        LocalQueries.LaunchFilter given = QueryParams.launchFilter(ctx);
        LocalQueries.LaunchFilter filter = new LocalQueries.LaunchFilter(Boolean.TRUE, null, given.team(), given.labels(), Set.of(), null);
        List<String> scope = new ArrayList<>();
        if (given.team() != null) {
            scope.add("launches of " + given.team());
        }
        given.labels().forEach((k, v) -> scope.add(k + ":" + v));
        String scopeText = scope.isEmpty() ? "all launches" : String.join(", ", scope);
        if (Routing.localOnly(ctx) || routing.spread(StateStores.LAUNCH_ANSWERS.name())) {
            // Each instance answers the launches its graph partitions own (decision 47). The others
            // are asked for the instant resolved here: "7d" would be read against their own clocks.
            String query = "since=" + since + (given.team() == null ? "" : "&team=" + URLEncoder.encode(given.team(), StandardCharsets.UTF_8))
                    + labelParams(ctx);
            List<Views.ReportPart> parts = routing.gather(ctx, ctx.path() + "?" + query, StateStores.LAUNCH_ANSWERS.name(),
                    local -> local.reportPart(since, filter), HttpApi.JSON.constructType(Views.ReportPart.class), Function.identity());
            if (Routing.localOnly(ctx)) {
                ctx.json(parts.get(0));
            } else {
                render(ctx, format, LocalQueries.report(since, scopeText, parts));
            }
            return;
        }
        routing.onHolder(ctx, StateStores.LAUNCH_ANSWERS.name(), "report", local -> render(ctx, format, local.report(since, filter, scopeText)));
    }

    private static String labelParams(Context ctx) {
        StringBuilder params = new StringBuilder();
        for (String label : ctx.queryParams("label")) {
            params.append("&label=").append(URLEncoder.encode(label, StandardCharsets.UTF_8));
        }
        return params.toString();
    }

    private static void render(Context ctx, String format, WeeklyReport report) {
        switch (format) {
            case "html" -> ctx.contentType("text/html; charset=utf-8").result(ReportRenderer.html(report));
            case "json" -> ctx.json(report);
            default -> ctx.contentType("text/markdown; charset=utf-8").result(ReportRenderer.markdown(report));
        }
    }
}
