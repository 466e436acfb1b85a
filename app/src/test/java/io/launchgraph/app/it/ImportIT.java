package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.app.cli.Cli;
import io.launchgraph.topology.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports through the real service, broker and registry: a Jira export over {@code POST /import},
 * launchgraph's CSV template waiting on Jira issues through {@code launchgraph import --kafka},
 * the same Jira organisation again (as its CSV export, through {@code import --url} with a
 * mapping) publishing nothing, a later export moving only what changed, and a bad export refused
 * with nothing published. The answers are read back from {@code GET /launches/{id}}.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class ImportIT {
    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Answer(int status, JsonNode body) {}

    private static byte[] sample(String name) {
        try (InputStream in = ImportIT.class.getResourceAsStream("/import/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer post(RunningService s, String path, String contentType, byte[] body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), RunningService.JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body as a browser's form would send the export and a mapping. */
    private static byte[] multipart(String boundary, byte[] export, String mapping) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"export.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(export);
        b.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n" + mapping + "\r\n--" + boundary
                + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static List<String> rootPaths(RunningService s, String launch) {
        RunningService.Response r = s.get("/launches/" + launch);
        List<String> paths = new ArrayList<>();
        if (r.status() == 200) {
            r.body().path("rootBlockers").forEach(b -> {
                List<String> path = new ArrayList<>();
                b.path("path").forEach(p -> path.add(p.asText()));
                paths.add(String.join(" > ", path) + " (" + b.path("teamId").asText() + ")");
            });
        }
        return paths;
    }

    private static long published(RealKafkaAndRegistry.Infra infra, String name) {
        return Deployment.endOffsets(infra.bootstrapServers(), name + "." + Topics.MILESTONE_EVENTS.name());
    }

    @Test
    void shouldImportExportsOfTwoSourcesIntoOneGraphAndMoveOnlyWhatChanged(RealKafkaAndRegistry.Infra infra, @TempDir Path state,
            @TempDir Path files) throws IOException {
        String name = "import-" + UUID.randomUUID().toString().substring(0, 8);
        Path plan = Files.write(files.resolve("launch-plan.csv"), sample("launch-plan.csv"));
        Path jiraCsv = Files.write(files.resolve("jira-export.csv"), sample("jira-export.csv"));
        Path mapping = Files.writeString(files.resolve("mapping.json"), "{\"timeZone\": \"UTC\", \"team\": \"project\"}");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            // when: the Jira export over HTTP (503 until the what-if replica has read the graph)
            Answer jira = await("the first import").atMost(ANSWER).pollInterval(Duration.ofMillis(500))
                    .until(() -> post(s, "/import/jira?exportedAt=2026-10-05T09:00:00Z", "application/json", sample("jira-search.json")),
                            a -> a.status() != 503);
            // and the marketing plan, whose launch waits on Jira issues, through the CLI straight to Kafka
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int viaKafka = Cli.run(new PrintWriter(out), new PrintWriter(err), "import", "csv", plan.toString(), "--kafka",
                    "--bootstrap-servers", infra.bootstrapServers(), "--registry-url", infra.registryUrl(), "--application-id", name,
                    "--set", "topic.prefix=" + name + ".", "--exported-at", "2026-10-05T09:00:00Z");

            // then: one graph, blocked launches and root causes across both
            assertThat(jira.status()).as(jira.body().toString()).isEqualTo(202);
            assertThat(jira.body().path("published").asInt()).isEqualTo(14);
            assertThat(jira.body().path("summary").path("milestones").path("added").asInt()).isEqualTo(8);
            assertThat(viaKafka).as(err.toString()).isZero();
            assertThat(out.toString()).contains("published 5 events", "csv export (source csv");
            await("ADS-1 blocked by payments and privacy").atMost(ANSWER).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(rootPaths(s, "ADS-1"))
                            .containsExactly("ADS-1 > ADS-12 > PAY-7 > PAY-9 (pay)", "ADS-1 > PRIV-3 (priv)"));
            await("the campaign blocked through Jira").atMost(ANSWER).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(rootPaths(s, "mkt-campaign-de")).containsExactly(
                            "mkt-campaign-de > ADS-1 > ADS-12 > PAY-7 > PAY-9 (pay)", "mkt-campaign-de > ADS-1 > PRIV-3 (priv)",
                            "mkt-campaign-de > mkt-assets-de (marketing)"));
            assertThat(rootPaths(s, "ADS-2")).containsExactly("ADS-2 > ADS-12 > PAY-7 > PAY-9 (pay)");
            assertThat(s.get("/launches/ADS-20").status()).as("a cancelled issue is no open launch").isEqualTo(404);

            // when: the same organisation again, as Jira's CSV export with a mapping, once the replica has read the first import
            await("the replica to have both imports").atMost(ANSWER).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode dryRun = post(s, "/import/jira?dryRun=true&exportedAt=2026-10-05T10:00:00Z", "application/json",
                        sample("jira-search.json")).body();
                return dryRun.path("events").isEmpty() && dryRun.path("summary").path("edges").path("leftAlone").asInt() == 2;
            });
            Map<String, io.launchgraph.topology.internal.Answer> before = s.openAnswers();
            long offset = published(infra, name);
            out.getBuffer().setLength(0);
            int viaHttp = Cli.run(new PrintWriter(out), new PrintWriter(err), "import", "jira", jiraCsv.toString(), "--url", s.url,
                    "--mapping", mapping.toString(), "--exported-at", "2026-10-05T10:00:00Z");

            // then: nothing published, the answers as they were, the plan's edges into Jira issues left alone
            assertThat(viaHttp).as(err.toString()).isZero();
            assertThat(out.toString()).contains("published 0 events", "milestones 0 new, 0 changed, 8 unchanged",
                    "edges 0 declared, 0 removed, 6 unchanged, 2 left alone");
            assertThat(published(infra, name)).isEqualTo(offset);
            assertThat(s.openAnswers()).isEqualTo(before);

            // when: a later export: PRIV-3 done, PAY-9 a week later, ADS-12 no longer waits on PAY-7 (sent as multipart)
            String boundary = "b-" + UUID.randomUUID();
            Answer later = post(s, "/import/jira?exportedAt=2026-10-06T12:00:00Z", "multipart/form-data; boundary=" + boundary,
                    multipart(boundary, sample("jira-search-later.json"), "{\"relates\": []}"));

            // then: three events, and the answers move
            assertThat(later.status()).as(later.body().toString()).isEqualTo(202);
            assertThat(later.body().path("published").asInt()).isEqualTo(3);
            assertThat(later.body().path("summary").path("edges").path("removed").asInt()).isEqualTo(1);
            assertThat(later.body().path("summary").path("milestones").path("changed").asInt()).isEqualTo(2);
            await("ADS-1 waiting on ADS-12 only").atMost(ANSWER).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(rootPaths(s, "ADS-1")).containsExactly("ADS-1 > ADS-12 (ads)"));
            await("the campaign too").atMost(ANSWER).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(rootPaths(s, "mkt-campaign-de"))
                            .containsExactly("mkt-campaign-de > ADS-1 > ADS-12 (ads)", "mkt-campaign-de > mkt-assets-de (marketing)"));
            assertThat(s.get("/milestones/PRIV-3").body().path("status").asText()).isEqualTo("DONE");

            // when: an export with bad rows
            long beforeBad = published(infra, name);
            Answer bad = post(s, "/import/jira", "text/csv", sample("jira-bad.csv"));

            // then: every bad row with its line and reason, nothing published
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("error").asText()).contains("nothing was imported");
            assertThat(bad.body().path("problems")).hasSize(2);
            assertThat(bad.body().path("problems").get(0).path("line").asInt()).isEqualTo(4);
            assertThat(bad.body().path("problems").get(0).path("reason").asText()).contains("\"Waiting for Legal\"", "\"statuses\"");
            assertThat(bad.body().path("problems").get(1).path("line").asInt()).isEqualTo(5);
            assertThat(published(infra, name)).isEqualTo(beforeBad);
            assertThat(s.get("/milestones/ADS-30").status()).isEqualTo(404);
        }
    }
}
