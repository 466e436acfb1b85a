package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.app.cli.Cli;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.model.ReferenceModel;
import io.launchgraph.topology.testing.Facts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The service as users run it: events in through HTTP or the CLI, answers out through HTTP. */
@ExtendWith(RealKafkaAndRegistry.class)
class ServiceIT {

    private static List<MilestoneEvent> organisation(long seed) {
        GeneratedOrganisation org = new GeneratedOrganisation(2_000, seed);
        List<MilestoneEvent> events = new ArrayList<>(org.initialEvents);
        events.addAll(org.steadyEvents(1_500));
        return events;
    }

    private static List<String> lines(List<MilestoneEvent> events) {
        return events.stream().map(e -> EventJson.toJson(e).toString()).toList();
    }

    private static String id(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldAnswerAsTheReferenceModelForEventsPostedOverHttp(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given
        List<MilestoneEvent> events = organisation(11);
        ReferenceModel model = new ReferenceModel(events);
        String name = id("http");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            // when: JSON Lines in batches, and one plain JSON array
            List<String> lines = lines(events);
            for (int from = 0; from < lines.size() - 100; from += 2_000) {
                List<String> batch = lines.subList(from, Math.min(lines.size() - 100, from + 2_000));
                RunningService.Response r = s.post("/events", "application/x-ndjson", String.join("\n", batch));
                assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
                assertThat(r.body().path("accepted").asInt()).isEqualTo(batch.size());
            }
            RunningService.Response array = s.post("/events", "application/json",
                    "[" + String.join(",", lines.subList(lines.size() - 100, lines.size())) + "]");
            assertThat(array.status()).as(array.raw().body()).isEqualTo(202);

            // then: every open launch, listed and one by one, as the model answers
            await("answers equal to the model's").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(s.openAnswers()).isEqualTo(model.answers()));
            for (Map.Entry<String, Answer> e : model.answers().entrySet()) {
                RunningService.Response one = s.get("/launches/" + e.getKey());
                assertThat(one.status()).isEqualTo(200);
                assertThat(RunningService.answer(one.body())).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(one.body().path("status").asText()).isNotEmpty();
            }
            // and: each team's view, most urgent first, as the model has it
            model.teams().forEach((team, launches) -> {
                JsonNode view = s.get("/teams/" + team + "/blocking").body();
                List<String> expected = launches.keySet().stream()
                        .sorted(Comparator.comparing((String l) -> model.launchDueDate(l), Comparator.nullsLast(Comparator.<LocalDate>naturalOrder()))
                                .thenComparing(l -> l))
                        .toList();
                List<String> actual = new ArrayList<>();
                view.path("launches").forEach(l -> actual.add(l.path("launchId").asText()));
                assertThat(actual).as("launches blocked by %s", team).isEqualTo(expected);
            });
            // and: blocked-launches follows (once the transaction that wrote the stores commits): the
            // latest record of each open launch is its answer, every other latest record is closed
            await("blocked-launches to follow").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<String, Answer> publishedOpen = new TreeMap<>(s.latestBlockedLaunches());
                publishedOpen.values().removeIf(a -> !a.open());
                assertThat(publishedOpen).isEqualTo(model.answers());
            });
            // and: a launch's own record has its dependencies
            String someLaunch = model.answers().keySet().iterator().next();
            assertThat(s.get("/milestones/" + someLaunch).body().path("dependencies").size()).isPositive();
        }
    }

    @Test
    void shouldFilterSortAndExplainForecastsOverHttpAndTheCli(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given
        List<MilestoneEvent> events = organisation(13);
        ReferenceModel model = new ReferenceModel(events);
        Map<String, Answer> expected = model.answers();
        String name = id("forecast");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            List<String> lines = lines(events);
            for (int from = 0; from < lines.size(); from += 2_000) {
                assertThat(s.post("/events", "application/x-ndjson", String.join("\n", lines.subList(from, Math.min(lines.size(), from + 2_000))))
                        .status()).isEqualTo(202);
            }
            await("answers equal to the model's").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(s.openAnswers()).isEqualTo(expected));
            List<String> late = expected.entrySet().stream()
                    .filter(e -> e.getValue().forecast().state() == ForecastState.LATE)
                    .sorted(Comparator.comparing((Map.Entry<String, Answer> e) -> -e.getValue().forecast().slipDays()).thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(late).as("the organisation has late launches").hasSizeGreaterThan(3);

            // when / then: the late launches, most late first; at least 10 days late; never or unscheduled
            assertThat(launchIds(s.get("/launches?forecast=LATE&sort=slip&limit=100000"))).isEqualTo(late);
            assertThat(launchIds(s.get("/launches?slippedBy=10&limit=100000"))).containsExactlyInAnyOrderElementsOf(
                    expected.entrySet().stream().filter(e -> e.getValue().forecast().slipDays() != null && e.getValue().forecast().slipDays() >= 10)
                            .map(Map.Entry::getKey).toList());
            assertThat(launchIds(s.get("/launches?forecast=never,UNSCHEDULED&limit=100000"))).containsExactlyInAnyOrderElementsOf(
                    expected.entrySet().stream().filter(e -> e.getValue().forecast().date() == null).map(Map.Entry::getKey).toList());
            assertRefused(s.get("/launches?forecast=SOON"), "forecast must be one of ON_TIME, LATE, UNSCHEDULED, NEVER");
            // and: a dashboard's compact form holds the fields it names, in its order, with the values of the whole answer
            JsonNode whole = s.get("/launches?forecast=LATE&sort=slip&limit=100000").body().path("launches");
            JsonNode compact = s.get("/launches?forecast=LATE&sort=slip&limit=100000&fields=launchId,blocked,forecast").body();
            assertThat(compact.path("total").asInt()).isEqualTo(late.size());
            assertThat(compact.path("launches")).hasSize(late.size());
            for (int i = 0; i < late.size(); i++) {
                JsonNode c = compact.path("launches").get(i);
                assertThat(c.fieldNames()).toIterable().containsExactly("launchId", "blocked", "forecast");
                assertThat(c.path("launchId")).isEqualTo(whole.get(i).path("launchId"));
                assertThat(c.path("blocked")).isEqualTo(whole.get(i).path("blocked"));
                assertThat(c.path("forecast")).isEqualTo(whole.get(i).path("forecast"));
            }
            assertThat(s.get("/launches/" + late.get(0) + "?fields=forecast&fields=teamId").body().fieldNames()).toIterable()
                    .containsExactly("forecast", "teamId");
            assertRefused(s.get("/launches?fields=launchId,eta"), "fields: launches have no field");
            assertRefused(s.get("/launches?sort=eta"), "sort must be id, slip or due");
            assertRefused(s.get("/teams?sort=eta"), "sort must be count or slip");

            // and: one launch explains its critical path step by step, with each milestone's forecast
            String worst = late.get(0);
            JsonNode forecast = s.get("/launches/" + worst).body().path("forecast");
            List<String> path = expected.get(worst).forecast().criticalPath();
            assertThat(forecast.path("steps")).hasSize(path.size());
            for (int i = 0; i < path.size(); i++) {
                JsonNode step = forecast.path("steps").get(i);
                assertThat(step.path("milestoneId").asText()).isEqualTo(path.get(i));
                assertThat(step.path("teamId").asText()).isEqualTo(model.teamOf(path.get(i)));
                assertThat(step.path("forecast").path("date").asText()).isEqualTo(model.milestoneForecast(path.get(i)).date().toString());
            }
            String last = path.get(path.size() - 1);
            JsonNode milestone = s.get("/milestones/" + last).body();
            assertThat(milestone.path("forecast").path("state").asText()).isEqualTo("ON_TIME");
            assertThat(milestone.path("forecast").path("date").asText()).isEqualTo(model.milestoneForecast(last).date().toString());

            // and: teams ranked by the late launches their milestones delay
            Map<String, long[]> slips = new TreeMap<>();
            expected.values().stream().filter(a -> a.forecast().state() == ForecastState.LATE).forEach(a -> {
                List<String> steps = a.forecast().criticalPath();
                steps.subList(1, steps.size()).stream().map(model::teamOf).distinct().forEach(team -> {
                    long[] slip = slips.computeIfAbsent(team, t -> new long[2]);
                    slip[0]++;
                    slip[1] += a.forecast().slipDays();
                });
            });
            JsonNode teams = s.get("/teams?sort=slip").body().path("teams");
            Map<String, long[]> served = new TreeMap<>();
            teams.forEach(t -> {
                if (t.path("lateLaunches").asInt() > 0) {
                    served.put(t.path("teamId").asText(), new long[] {t.path("lateLaunches").asLong(), t.path("slipDays").asLong()});
                }
            });
            assertThat(served).usingRecursiveComparison().isEqualTo(slips);
            for (int i = 1; i < teams.size(); i++) {
                assertThat(teams.get(i - 1).path("lateLaunches").asInt()).isGreaterThanOrEqualTo(teams.get(i).path("lateLaunches").asInt());
            }

            // and: the CLI prints the same, readably
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "query", "late", "--url", s.url)).as(err.toString()).isZero();
            List<String> rows = out.toString().lines().toList();
            assertThat(rows.get(0)).startsWith("LAUNCH").contains("FORECAST", "DELAY STARTS AT");
            assertThat(rows.get(1)).startsWith(worst + " ").contains("(+" + expected.get(worst).forecast().slipDays() + "d)").endsWith(last);
            assertThat(rows).last().isEqualTo(late.size() + " late launches");
            out.getBuffer().setLength(0);
            assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "query", "launch", worst, "--url", s.url)).isZero();
            assertThat(out.toString()).contains("Forecast: LATE, ships " + expected.get(worst).forecast().date(), "Critical path")
                    .contains(path);
            out.getBuffer().setLength(0);
            assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "query", "blocked", "--url", s.url)).isZero();
            assertThat(out.toString()).contains("FORECAST", "never: ", "(+");
        }
    }

    @Test
    void shouldAnswerAsOfAnInstantAndSayWhatChangedSince(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws Exception {
        // given: L and K declared on day 1, L waits on M from day 2, M slips on day 3, K is done on day 4
        Facts f = new Facts();
        List<MilestoneEvent> events = List.of(
                f.at("2026-10-01T10:00:00Z").launch("L", "team-l", "2027-03-01"),
                f.at("2026-10-01T10:00:00Z").launch("K", "team-k", "2027-03-01"),
                f.at("2026-10-01T10:00:00Z").milestone("M", "team-m", "2027-02-01"),
                f.at("2026-10-02T10:00:00Z").hard("L", "M"),
                f.at("2026-10-03T10:00:00Z").due("M", "2027-03-10"),
                f.at("2026-10-04T10:00:00Z").status("K", MilestoneStatus.DONE));
        String name = id("asof");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            // when: delivered out of order
            List<MilestoneEvent> shuffled = new ArrayList<>(events);
            java.util.Collections.reverse(shuffled);
            assertThat(s.post("/events", "application/x-ndjson", String.join("\n", lines(shuffled))).status()).isEqualTo(202);
            // (L late needs all of L, M, the edge and the slip; K closed needs K's two events)
            await("the answers now").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> s.get("/launches/L").body().path("forecast").path("state").asText().equals("LATE")
                            && !s.get("/launches/K").body().path("open").asBoolean(true));

            // then: L as it was on each day, and not at all before it was declared
            assertThat(s.get("/launches/L?asOf=2026-10-01T12:00:00Z").body().path("blocked").asBoolean(true)).isFalse();
            JsonNode day2 = s.get("/launches/L?asOf=2026-10-02T12:00:00%2B02:00").body();
            assertThat(day2.path("blocked").asBoolean()).isTrue();
            assertThat(day2.path("forecast").path("state").asText()).isEqualTo("ON_TIME");
            assertThat(s.get("/launches/L?asOf=2026-10-01T09:59:59.999Z").status()).isEqualTo(404);
            assertThat(launchIds(s.get("/launches?asOf=2026-10-03T12:00:00Z"))).containsExactly("K", "L");
            assertThat(launchIds(s.get("/launches?asOf=2026-10-03T12:00:00Z&forecast=LATE"))).containsExactly("L");
            assertThat(launchIds(s.get("/launches"))).containsExactly("L");

            // and: what changed since day 2, a line for each
            JsonNode changes = s.get("/changes?since=2026-10-02T12:00:00Z").body();
            assertThat(changes.path("unchanged").asInt()).isZero();
            assertThat(changes.path("changed")).hasSize(2);
            assertThat(changes.path("changed").get(0).path("launchId").asText()).isEqualTo("K");
            assertThat(changes.path("changed").get(0).path("after").isNull()).isTrue();
            assertThat(changes.path("changed").get(0).path("summary").asText()).isEqualTo("no longer open (done)");
            assertThat(changes.path("changed").get(1).path("before").path("forecast").path("state").asText()).isEqualTo("ON_TIME");
            assertThat(changes.path("changed").get(1).path("summary").asText()).isEqualTo("forecast +9 days (M, team-m)");
            JsonNode sinceDay1 = s.get("/changes?since=2026-10-01T12:00:00Z&team=team-l").body();
            assertThat(sinceDay1.path("changed")).singleElement().satisfies(c ->
                    assertThat(c.path("summary").asText()).isEqualTo("newly blocked by team-m; forecast +9 days (M, team-m)"));
            // a date is its start, 00:00 UTC (what the page's date picker sends)
            assertThat(s.get("/changes?since=2026-10-01&team=team-l").body()).isEqualTo(s.get("/changes?since=2026-10-01T00:00:00Z&team=team-l").body());

            // and: bad instants are refused with the reason
            assertRefused(s.get("/launches/L?asOf=yesterday"), "asOf must be an RFC 3339 instant with an offset");
            assertRefused(s.get("/launches?asOf=2026-10-01T12:00:00"), "asOf must be an RFC 3339 instant with an offset");
            assertRefused(s.get("/changes"), "since is required");

            // and: the CLI says the same
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "query", "launch", "L", "--as-of", "2026-10-02T12:00:00Z",
                    "--url", s.url)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("BLOCKED", "Forecast: on time, 2027-03-01");
            out.getBuffer().setLength(0);
            assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "changes", "--since", "2026-10-02T12:00:00Z", "--url", s.url))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).contains("forecast +9 days (M, team-m)", "no longer open (done)",
                    "2 launches changed since 2026-10-02T12:00:00Z, 0 did not");

            assertWeeklyReport(s);
            assertGraphExports(s);
            assertWhatIfs(s, infra, name);
        }
    }

    @Test
    void shouldPublishNothingOfWhatIfsAskedWhileEventsStreamIn(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws Exception {
        // given
        List<MilestoneEvent> events = organisation(21);
        ReferenceModel model = new ReferenceModel(events);
        List<String> milestones = events.stream().map(io.launchgraph.topology.EventRules::entityId).distinct().sorted().toList();
        String name = id("whatif");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            // when: events stream in while what-ifs are asked
            java.util.concurrent.CompletableFuture<Void> streaming = java.util.concurrent.CompletableFuture.runAsync(() -> {
                List<String> all = lines(events);
                for (int i = 0; i < all.size(); i += 250) {
                    assertThat(s.post("/events", "application/x-ndjson", String.join("\n", all.subList(i, Math.min(all.size(), i + 250))))
                            .status()).isEqualTo(202);
                }
            });
            java.util.Random random = new java.util.Random(21);
            int answered = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while ((!streaming.isDone() || answered == 0) && System.nanoTime() < deadline) {
                String m = milestones.get(random.nextInt(milestones.size()));
                RunningService.Response r = s.post("/what-if", "application/json",
                        "{\"type\": \"MilestoneStatusChanged\", \"milestoneId\": \"" + m + "\", \"status\": \"" + (random.nextBoolean() ? "DONE" : "AT_RISK") + "\"}");
                assertThat(r.status()).as(r.raw().body()).isIn(200, 503);
                answered += r.status() == 200 ? 1 : 0;
            }
            streaming.get();

            // then: the answers, stored and committed, are those of the real events alone
            await("stored answers equal to the model's").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(s.openAnswers()).isEqualTo(model.answers()));
            await("committed answers equal to the model's").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        Map<String, Answer> open = new java.util.TreeMap<>(s.latestBlockedLaunches());
                        open.values().removeIf(a -> !a.open());
                        assertThat(open).isEqualTo(model.answers());
                    });
            assertThat(Deployment.blockedLaunchRecords(infra.bootstrapServers(), name + "." + Topics.BLOCKED_LAUNCHES.name(),
                    Map.of(io.launchgraph.app.registry.RegistryClientConfig.URL, infra.registryUrl())))
                    .noneMatch(r -> String.valueOf(r.value.getCauseEventId()).startsWith("what-if"));
            // and: a what-if now starts from those answers
            String launch = model.answers().keySet().iterator().next();
            await("the what-if replica caught up").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        JsonNode closed = s.post("/what-if", "application/json",
                                "{\"type\": \"MilestoneStatusChanged\", \"milestoneId\": \"" + launch + "\", \"status\": \"CANCELLED\"}").body();
                        JsonNode change = null;
                        for (JsonNode c : closed.path("changed")) {
                            change = c.path("launchId").asText().equals(launch) ? c : change;
                        }
                        assertThat(change).as(closed.toString()).isNotNull();
                        assertThat(RunningService.answer(change.path("before"))).isEqualTo(model.answers().get(launch));
                        assertThat(change.path("after").isNull()).isTrue();
                    });
            assertThat(answered).isPositive();
        }
    }

    /** The weekly report of that organisation since day 2, in JSON, Markdown and HTML, and from the CLI. */
    private static void assertWeeklyReport(RunningService s) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        JsonNode report = s.get("/report?since=2026-10-02T12:00:00Z&format=json").body();
        assertThat(report.path("then").toString()).isEqualTo("{\"open\":2,\"blocked\":1,\"late\":0,\"never\":0,\"unscheduled\":0}");
        assertThat(report.path("now").toString()).isEqualTo("{\"open\":1,\"blocked\":1,\"late\":1,\"never\":0,\"unscheduled\":0}");
        assertThat(report.path("slipped")).singleElement().satisfies(m -> {
            assertThat(m.path("launchId").asText()).isEqualTo("L");
            assertThat(m.path("days").asInt()).isEqualTo(9);
            assertThat(m.path("delayAt").asText()).isEqualTo("M");
            assertThat(m.path("delayTeam").asText()).isEqualTo("team-m");
        });
        assertThat(report.path("closed")).extracting(c -> c.path("launchId").asText()).containsExactly("K");
        assertThat(report.path("teams")).extracting(t -> t.toString())
                .containsExactly("{\"teamId\":\"team-m\",\"blocking\":1,\"delaying\":1,\"slipDays\":9}");
        RunningService.Response markdown = s.get("/report?since=2026-10-02T12:00:00Z");
        assertThat(markdown.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(markdown.raw().body()).contains("| Late (forecast after the due date) | 0 | 1 | +1 |",
                "| L | team-l | 2027-03-01 (on time) | 2027-03-10 (+9d) | +9 | M (team-m) |", "- K (Milestone K, team-k): no longer open (done)");
        RunningService.Response html = s.get("/report?since=2026-10-02T12:00:00Z&format=html&team=team-l");
        assertThat(html.raw().body()).startsWith("<!DOCTYPE html>").contains("Launch status: launches of team-l", "<td>L</td>")
                .doesNotContain("<td>K</td>");
        assertRefused(s.get("/report?format=pdf"), "format must be md, html or json");
        assertRefused(s.get("/report?since=last-week"), "since must be an RFC 3339 instant");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "report", "--since", "2026-10-02T12:00:00Z", "--url", s.url))
                .as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo(markdown.raw().body().replaceFirst("as of [0-9: -]+UTC", "as of " + asOfIn(out.toString())));
    }

    /** L's blocking subgraph as JSON, as DOT that Graphviz renders, as GraphML, and as Mermaid from the CLI. */
    private static void assertGraphExports(RunningService s) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        await("L's graph from the replica").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> s.get("/launches/L/graph").raw().body().contains("\"forecastDate\":\"2027-03-10\""));
        JsonNode graph = s.get("/launches/L/graph?format=json").body();
        assertThat(graph.path("criticalPath").toString()).isEqualTo("[\"L\",\"M\"]");
        assertThat(graph.path("nodes")).extracting(n -> n.path("id").asText() + " " + n.path("critical").asBoolean()).containsExactly("L true", "M true");
        assertThat(graph.path("edges")).singleElement().satisfies(e -> assertThat(e.path("from").asText() + ">" + e.path("to").asText()).isEqualTo("L>M"));
        RunningService.Response dot = s.get("/launches/L/graph?format=dot");
        assertThat(dot.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/vnd.graphviz");
        Process render = new ProcessBuilder("dot", "-Tsvg").start();
        render.getOutputStream().write(dot.raw().body().getBytes(StandardCharsets.UTF_8));
        render.getOutputStream().close();
        String svg = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(render.waitFor()).as("dot -Tsvg of %s", dot.raw().body()).isZero();
        assertThat(svg).contains("<svg", ">L</text>", ">M</text>", "2027&#45;03&#45;10 (+9d)");
        assertThat(s.get("/launches/L/graph?format=graphml").raw().body()).contains("<graphml", "<data key=\"id\">M</data>");
        assertThat(s.get("/launches/K/graph").status()).isEqualTo(404);
        assertRefused(s.get("/launches/L/graph?format=svg"), "format must be json, dot, mermaid or graphml");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "query", "launch", "L", "--graph", "mermaid", "--url", s.url))
                .as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("flowchart LR").contains("n0[\"L<br/>team-l<br/>due 2027-03-01<br/>2027-03-10 (+9d)\"]",
                "n0 -->|\"risk\"| n1");
    }

    /** What if M slipped two more weeks, or were done; bad hypotheses refused; nothing stored or published. */
    private static void assertWhatIfs(RunningService s, RealKafkaAndRegistry.Infra infra, String name) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // given: the replica has read the committed state (it trails the stores by a commit)
        await("the what-if replica").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> s.post("/what-if", "application/json", "{\"slip\": {\"milestoneId\": \"M\", \"days\": 14}}")
                        .raw().body().contains("forecast +14 days (M, team-m)"));
        long published = endOffsets(infra, name + "." + Topics.BLOCKED_LAUNCHES.name());
        JsonNode slip = s.post("/what-if", "application/json", "{\"slip\": {\"milestoneId\": \"M\", \"days\": 14}}").body();
        assertThat(slip.path("unchanged").asInt()).isZero();
        assertThat(slip.path("changed")).singleElement().satisfies(c -> {
            assertThat(c.path("before").path("forecast").path("date").asText()).isEqualTo("2027-03-10");
            assertThat(c.path("after").path("forecast").path("date").asText()).isEqualTo("2027-03-24");
        });
        JsonNode done = s.post("/what-if", "application/x-ndjson",
                "{\"done\": \"M\"}\n{\"type\": \"MilestoneDeclared\", \"milestoneId\": \"N\", \"teamId\": \"team-n\", \"name\": \"N\", \"kind\": \"LAUNCH\"}")
                .body();
        assertThat(done.path("changed")).extracting(c -> c.path("launchId").asText() + ": " + c.path("summary").asText())
                .containsExactly("L: unblocked; forecast -9 days, on time again", "N: newly open; unscheduled (N has no due date)");
        assertRefused(s.post("/what-if", "application/json", "{\"done\": \"nope\"}"), "unknown milestone nope");
        assertRefused(s.post("/what-if", "application/json", "{\"type\": \"DependencyDeclared\", \"dependentId\": \"L\", "
                + "\"dependencyId\": \"L\", \"strength\": \"HARD\"}"), "self_dependency");
        // and: nothing of it was stored or published
        assertThat(s.get("/launches/L").body().path("forecast").path("date").asText()).isEqualTo("2027-03-10");
        assertThat(s.get("/launches/N").status()).isEqualTo(404);
        assertThat(endOffsets(infra, name + "." + Topics.BLOCKED_LAUNCHES.name())).isEqualTo(published);
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "what-if", "slip", "M", "2w", "--url", s.url))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("forecast +14 days (M, team-m)", "2027-03-24 (+23d)", "1 launches would change, 0 would not");
    }

    /** The "as of" minute a report was generated at. */
    private static String asOfIn(String report) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("as of ([0-9: -]+UTC)").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return m.group(1);
    }

    private static List<String> launchIds(RunningService.Response r) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.body().path("launches").forEach(l -> ids.add(l.path("launchId").asText()));
        return ids;
    }

    @Test
    void shouldAnswerAsTheReferenceModelForEventsPublishedWithTheCli(RealKafkaAndRegistry.Infra infra, @TempDir Path state, @TempDir Path files)
            throws IOException {
        // given: two halves of an organisation, one file each
        List<MilestoneEvent> events = organisation(12);
        ReferenceModel model = new ReferenceModel(events);
        Path first = files.resolve("first.jsonl");
        Path second = files.resolve("second.jsonl");
        Files.write(first, lines(events.subList(0, events.size() / 2)), StandardCharsets.UTF_8);
        Files.write(second, lines(events.subList(events.size() / 2, events.size())), StandardCharsets.UTF_8);
        String name = id("cli");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            // when: one half through the HTTP API, the other straight to Kafka
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int viaHttp = Cli.run(new PrintWriter(out), new PrintWriter(err), "publish", first.toString(), "--url", s.url, "--batch-size", "700");
            int viaKafka = Cli.run(new PrintWriter(out), new PrintWriter(err), "publish", second.toString(), "--kafka",
                    "--bootstrap-servers", infra.bootstrapServers(), "--registry-url", infra.registryUrl(), "--set", "topic.prefix=" + name + ".");

            // then
            assertThat(viaHttp).as(err.toString()).isZero();
            assertThat(viaKafka).as(err.toString()).isZero();
            assertThat(out.toString()).contains("published " + String.format("%,d", events.size() / 2) + " events; refused 0 lines");
            await("answers equal to the model's").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(s.openAnswers()).isEqualTo(model.answers()));
        }
    }

    @Test
    void shouldRefuseBadRequestsWithAReasonAndPublishNothing(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        String name = id("bad");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of("ingest.max.body.bytes", "4096"))) {
            String good = "{\"type\":\"MilestoneRetired\",\"eventId\":\"e1\",\"occurredAt\":\"2026-10-01T12:00:00Z\",\"source\":\"s\",\"milestoneId\":\"m\"}";
            long before = endOffsets(infra, name + "." + Topics.MILESTONE_EVENTS.name());

            // then: every kind of bad request is a 400 that says what is wrong
            assertRefused(s.post("/events", "application/json", "{\"type\": "), "not valid JSON");
            assertRefused(s.post("/events", "application/json", good.replace("MilestoneRetired", "MilestoneExploded")), "unknown_type");
            assertRefused(s.post("/events", "application/json", good.replace(",\"milestoneId\":\"m\"", "")), "milestoneId is required");
            assertRefused(s.post("/events", "application/json", good.replace("\"m\"", "\"has space\"")), "id_space");
            assertRefused(s.post("/events", "application/x-ndjson", good + "\n" + good.replace("\"e1\"", "\"\"")), "id_empty");
            assertRefused(s.post("/events", "application/json", "[" + (good + ",").repeat(60) + good + "]"), "larger than the limit of 4096 bytes");
            assertRefused(s.get("/launches?state=sideways"), "state must be open, closed or all");

            // and: not one event reached Kafka
            assertThat(endOffsets(infra, name + "." + Topics.MILESTONE_EVENTS.name())).isEqualTo(before);

            // and: a good one does
            assertThat(s.post("/events", "application/json", good).status()).isEqualTo(202);
            assertThat(endOffsets(infra, name + "." + Topics.MILESTONE_EVENTS.name())).isGreaterThan(before);
        }
    }

    @Test
    void shouldServeHealthMetricsTheApiDescriptionAndClearErrors(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        String name = id("ops");
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            assertThat(s.get("/health").status()).isEqualTo(200);
            assertThat(s.get("/health").body().path("streams").asText()).isEqualTo("RUNNING");
            assertThat(s.get("/health/live").status()).isEqualTo(200);
            String metrics = s.get("/metrics").raw().body();
            assertThat(metrics).contains("kafka_stream_", "kafka_launchgraph_graph_pending_changes", "launchgraph_http_requests_seconds_count", "jvm_memory_used_bytes");
            assertThat(s.get("/openapi.json").body().path("paths").has("/launches/{id}")).isTrue();
            RunningService.Response missing = s.get("/launches/no-such-launch");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body().path("error").asText()).contains("no-such-launch");
            RunningService.Response noRoute = s.get("/no/such/route");
            assertThat(noRoute.status()).isEqualTo(404);
            assertThat(noRoute.body().path("status").asInt()).isEqualTo(404);
            assertThat(noRoute.body().path("error").asText()).contains("/no/such/route").contains("not found");
        }
    }

    @Test
    void shouldAnswerForALaunchThatWasNeverOpenAndNotForAPlainMilestone(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given a launch declared done (no answer was ever published for it) and a plain milestone
        String name = id("closed");
        Facts f = new Facts();
        List<MilestoneEvent> events = List.of(
                f.declared("launch-done", "team-a", MilestoneKind.LAUNCH, MilestoneStatus.DONE, null),
                f.milestone("m-plain", "team-b"),
                f.launch("launch-open", "team-a"),
                f.hard("launch-open", "m-plain"));
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            // when
            String body = String.join("\n", events.stream().map(e -> EventJson.toJson(e).toString()).toList());
            assertThat(s.post("/events", "application/x-ndjson", body).status()).isEqualTo(202);

            // then the closed launch has the closed answer, the plain milestone is no launch
            await("the open launch blocked").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> s.get("/launches/launch-open").body().path("blocked").asBoolean());
            RunningService.Response done = s.get("/launches/launch-done");
            assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
            assertThat(done.body().path("open").asBoolean(true)).isFalse();
            assertThat(done.body().path("blocked").asBoolean(true)).isFalse();
            assertThat(done.body().path("status").asText()).isEqualTo("DONE");
            assertThat(s.get("/launches/m-plain").status()).isEqualTo(404);
        }
    }

    @Test
    void shouldKeepAnswersReadyOnlyUntilWhatTheyAreReadWithChanges(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given a blocked launch whose list, answer and team view were read (and so kept ready)
        String name = id("ready");
        Facts f = new Facts();
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            post(s, List.of(f.launch("launch-r", "team-a"), f.milestone("m-r", "team-b"), f.hard("launch-r", "m-r")));
            await("the launch blocked, listed").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> s.get("/launches?blocked=true&fields=launchId").body().path("total").asInt() == 1);
            assertThat(s.get("/launches/launch-r").body().path("name").asText()).isEqualTo("Milestone launch-r");
            assertThat(s.get("/teams/team-b/blocking").body().path("count").asInt()).isEqualTo(1);

            // when the launch is renamed (no answer changes), then its blocker is done
            MilestoneEvent renamed = f.wrap(io.launchgraph.avro.MilestoneDeclared.newBuilder(
                    (io.launchgraph.avro.MilestoneDeclared) f.launch("launch-r", "team-a").getEvent()).setName("Renamed launch").build());
            post(s, List.of(renamed));
            await("the new name, listed").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> s.get("/launches?fields=launchId,name").body().path("launches").get(0).path("name").asText()
                            .equals("Renamed launch"));
            assertThat(s.get("/launches/launch-r").body().path("name").asText()).isEqualTo("Renamed launch");
            post(s, List.of(f.status("m-r", MilestoneStatus.DONE)));

            // then every view follows, read again only as they change
            await("the launch unblocked, listed").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> s.get("/launches?blocked=true&fields=launchId").body().path("total").asInt() == 0);
            JsonNode listed = s.get("/launches").body().path("launches").get(0);
            assertThat(listed.path("blocked").asBoolean(true)).isFalse();
            assertThat(listed.path("name").asText()).isEqualTo("Renamed launch");
            assertThat(s.get("/launches/launch-r").body().path("blocked").asBoolean(true)).isFalse();
            assertThat(s.get("/teams/team-b/blocking").body().path("count").asInt()).isZero();
        }
    }

    private static void post(RunningService s, List<MilestoneEvent> events) {
        String body = String.join("\n", events.stream().map(e -> EventJson.toJson(e).toString()).toList());
        RunningService.Response r = s.post("/events", "application/x-ndjson", body);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    }

    private static void assertRefused(RunningService.Response r, String hint) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
        assertThat(r.raw().body()).contains(hint);
    }

    /** Sum of the end offsets of a topic's partitions: it grows with every record written. */
    private static long endOffsets(RealKafkaAndRegistry.Infra infra, String topic) {
        return Deployment.endOffsets(infra.bootstrapServers(), topic);
    }
}
