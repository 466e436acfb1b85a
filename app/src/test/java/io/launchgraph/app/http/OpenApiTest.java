package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.app.graph.GraphExport;
import io.launchgraph.app.importer.ImportSummary;
import io.launchgraph.app.importer.Problem;
import io.launchgraph.app.report.WeeklyReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The API description lists exactly the routes the server serves, and the fields its answers have. */
class OpenApiTest {

    private static JsonNode spec() throws Exception {
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
            return HttpApi.JSON.readTree(in);
        }
    }

    @Test
    void shouldDescribeEveryFieldOfTheAnswersAndNoOther() throws Exception {
        // given
        JsonNode schemas = spec().path("components").path("schemas");
        // each view is described under its own name
        List<Class<? extends Record>> views = List.of(
                Views.Launch.class, Views.Launches.class, Views.LaunchCounts.class, LiveFeed.LiveChange.class, LiveFeed.LiveBefore.class, Views.Forecast.class, Views.Step.class, Views.Schedule.class, Views.Milestone.class,
                Views.TeamCount.class, Views.Risk.class, Views.RootBlocker.class, Views.Blocker.class, Views.Change.class,
                Views.Changes.class, WeeklyReport.class, WeeklyReport.Counts.class, WeeklyReport.LaunchLine.class, WeeklyReport.Move.class,
                WeeklyReport.TeamLine.class, WeeklyReport.Cycle.class, WeeklyReport.RiskLine.class,
                GraphExport.GraphView.class, GraphExport.GraphNode.class, GraphExport.GraphEdge.class,
                ImportResource.ImportDryRun.class, ImportResource.ImportPublished.class, ImportResource.ImportRefused.class,
                Problem.class, ImportSummary.class, ImportSummary.Milestones.class, ImportSummary.Edges.class);

        views.forEach(view -> {
            String name = view.getSimpleName();
            // when
            Set<String> described = properties(schemas, schemas.path(name));
            Set<String> fields = new TreeSet<>();
            for (RecordComponent c : view.getRecordComponents()) {
                fields.add(c.getName());
            }

            // then
            assertThat(described).as("properties of %s", name).isEqualTo(fields);
        });
    }

    /** A schema's properties, with those of the schemas it composes ({@code allOf}, {@code $ref}). */
    private static Set<String> properties(JsonNode schemas, JsonNode schema) {
        Set<String> names = new TreeSet<>();
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            names.addAll(properties(schemas, schemas.path(ref.substring(ref.lastIndexOf('/') + 1))));
        }
        schema.path("allOf").forEach(part -> names.addAll(properties(schemas, part)));
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void shouldDescribeEveryRouteAndNoOther() throws Exception {
        // given
        JsonNode spec = spec();
        Set<String> described = new TreeSet<>();
        spec.path("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));

        // when
        Set<String> served = new TreeSet<>();
        try (HttpApi api = HttpApi.start(new HttpApi.Options("127.0.0.1", 0, "", 1024, 10), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            api.routes().forEach(r -> served.add(r.method() + " " + r.path()));
        }

        // then
        assertThat(described).isEqualTo(served);
    }
}
