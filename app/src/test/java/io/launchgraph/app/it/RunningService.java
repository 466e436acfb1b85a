package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.launchgraph.app.config.Settings;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.topology.Topics;
import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.internal.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** The real service in serve mode on the shared test broker and registry, and HTTP calls to it. */
final class RunningService implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final LaunchGraphService service;
    final String url;
    private final RealKafkaAndRegistry.Infra infra;
    private final String topicPrefix;
    /** How the test's own calls reach it: a token and trust once the service wants them. */
    private volatile ApiClient client;

    RunningService(RealKafkaAndRegistry.Infra infra, Path state, String applicationId, String topicPrefix, Map<String, String> extra) {
        this.infra = infra;
        this.topicPrefix = topicPrefix;
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap.servers", infra.bootstrapServers(),
                "schema.registry.url", infra.registryUrl(),
                "application.id", applicationId,
                "topic.prefix", topicPrefix,
                "topic.replication.factor", "1",
                "http.port", "0",
                "state.dir", state.toString(),
                "auto.register.schemas", "true"));
        flags.putAll(extra);
        service = LaunchGraphService.start(Settings.load(Map.of(), null, Map.of(), flags), LaunchGraphService.Mode.SERVE);
        url = service.httpUrl();
        client = new ApiClient(url);
    }

    /** Makes the test's own calls with {@code calls}' token and trust (for a service with tokens or TLS). */
    RunningService callingWith(ApiClient calls) {
        client = calls;
        return this;
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {}

    Response get(String path) {
        return api().get(path);
    }

    Response post(String path, String contentType, String body) {
        return api().post(path, contentType, body);
    }

    private ApiClient api() {
        return client;
    }

    /** The latest record of each launch on this service's blocked-launches topic, as an answer. */
    Map<String, Answer> latestBlockedLaunches() {
        return Deployment.latestAnswers(infra.bootstrapServers(), topicPrefix + Topics.BLOCKED_LAUNCHES.name(),
                Map.of(RegistryClientConfig.URL, infra.registryUrl()));
    }

    /**
     * Waits until the answers the API shows are committed on blocked-launches and this
     * instance's live feed has read them: a reader of {@code GET /changes/stream} that starts
     * then sees only later changes. (Under exactly-once the stores show an answer before its
     * transaction commits; the feed reads committed records only, a poll later.)
     */
    void awaitLiveFeedCurrent() {
        await("blocked-launches to commit the answers the API shows").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(latestBlockedLaunches()).isEqualTo(openAnswers()));
        String topic = topicPrefix + Topics.BLOCKED_LAUNCHES.name();
        Map<Integer, Long> end = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((tp, o) -> end.put(tp.partition(), o.offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await("the live feed to read what is committed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<Integer, Long> at = new TreeMap<>();
            for (String pair : livePosition().split(",")) {
                at.put(Integer.parseInt(pair.split(":")[0]), Long.parseLong(pair.split(":")[1]));
            }
            return end.entrySet().stream().allMatch(e -> at.getOrDefault(e.getKey(), -1L) >= e.getValue());
        });
    }

    /**
     * The first change {@code GET /changes/stream?query} sends after position {@code from} (its
     * data), read by a reader of its own.
     */
    JsonNode firstLiveChange(String query, String from) throws IOException, InterruptedException {
        return firstLiveEvent("change", query + "&from=" + java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Where a reader of the live stream starting now starts: the position of its hello. */
    String livePosition() throws IOException, InterruptedException {
        return firstLiveEvent("hello", "").path("position").asText();
    }

    /** The data of the first {@code event} a new reader of {@code GET /changes/stream?query} gets. */
    private JsonNode firstLiveEvent(String event, String query) throws IOException, InterruptedException {
        ApiClient c = client;
        HttpResponse<java.io.InputStream> r = c.http().send(c.authorized(HttpRequest.newBuilder(URI.create(url + "/changes/stream?" + query)))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(r.statusCode()).isEqualTo(200);
            String named = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event:")) {
                    named = line.substring(6).trim();
                } else if (line.startsWith("data:") && event.equals(named)) {
                    return JSON.readTree(line.substring(5));
                }
            }
        }
        throw new IllegalStateException("the live stream ended before its first " + event);
    }

    /** Every open launch's answer, through GET /launches. */
    Map<String, Answer> openAnswers() {
        return api().openAnswers();
    }

    /** Posts events as JSON Lines, 2,000 a request, each accepted. */
    void postEvents(List<MilestoneEvent> events) {
        List<String> lines = events.stream().map(e -> EventJson.toJson(e).toString()).toList();
        for (int from = 0; from < lines.size(); from += 2_000) {
            Response r = post("/events", "application/x-ndjson", String.join("\n", lines.subList(from, Math.min(lines.size(), from + 2_000))));
            if (r.status() != 202) {
                throw new AssertionError("POST /events answered " + r.status() + ": " + r.raw().body());
            }
        }
    }

    /** Every launch's answer as of {@code t}, through GET /launches?asOf=. */
    Map<String, Answer> answersAsOf(Instant t) {
        Response r = get("/launches?limit=1000000&asOf=" + t);
        if (r.status() != 200) {
            throw new AssertionError("GET /launches?asOf= answered " + r.status() + ": " + r.raw().body());
        }
        Map<String, Answer> answers = new TreeMap<>();
        r.body().path("launches").forEach(l -> answers.put(l.path("launchId").asText(), answer(l)));
        if (r.body().path("total").asInt() != answers.size()) {
            throw new AssertionError("GET /launches?asOf= says " + r.body().path("total") + " launches and lists " + answers.size());
        }
        return answers;
    }

    /** An answer of the HTTP API as the domain record the reference model gives. */
    static Answer answer(JsonNode l) {
        List<Answer.Blocker> direct = new ArrayList<>();
        l.path("directBlockers").forEach(b -> direct.add(new Answer.Blocker(b.path("milestoneId").asText(), text(b.path("teamId")),
                BlockReason.valueOf(b.path("reason").asText()))));
        List<Answer.Root> roots = new ArrayList<>();
        l.path("rootBlockers").forEach(r -> {
            List<String> path = new ArrayList<>();
            r.path("path").forEach(p -> path.add(p.asText()));
            roots.add(new Answer.Root(r.path("milestoneId").asText(), text(r.path("teamId")), BlockReason.valueOf(r.path("reason").asText()),
                    r.path("cycle").asBoolean(), path));
        });
        List<Answer.Risk> risk = new ArrayList<>();
        l.path("risk").forEach(r -> risk.add(new Answer.Risk(r.path("dependentId").asText(), r.path("dependencyId").asText(),
                DependencyStrength.valueOf(r.path("strength").asText()), LocalDate.parse(r.path("neededBy").asText()),
                r.path("dueDate").isNull() ? null : LocalDate.parse(r.path("dueDate").asText()))));
        return new Answer(l.path("open").asBoolean(), l.path("blocked").asBoolean(), direct, roots, risk, forecast(l.path("forecast")));
    }

    private static Answer.Forecast forecast(JsonNode f) {
        if (f.isMissingNode() || f.isNull()) {
            return null;
        }
        List<String> path = new ArrayList<>();
        f.path("criticalPath").forEach(p -> path.add(p.asText()));
        return new Answer.Forecast(ForecastState.valueOf(f.path("state").asText()),
                f.path("date").isNull() ? null : LocalDate.parse(f.path("date").asText()),
                f.path("slipDays").isNull() ? null : f.path("slipDays").asInt(), path);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    @Override
    public void close() {
        service.close();
    }
}
