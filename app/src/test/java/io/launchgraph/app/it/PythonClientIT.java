package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.model.ReferenceModel;
import io.launchgraph.topology.testing.Facts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire format proved with code nobody here wrote: Debian's Confluent Python client publishes
 * the events, the topology folds them, and the same client decodes blocked-launches through the
 * registry into the answers the Java side holds.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class PythonClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PYTHON_DIR = Path.of(System.getProperty("launchgraph.test.python.dir", "src/test/python"));
    private final Facts f = new Facts();

    @Test
    void shouldFoldEventsFromPythonAndServeTheAnswersToPython(RealKafkaAndRegistry.Infra infra, @TempDir Path state, @TempDir Path files)
            throws IOException, InterruptedException {
        // given: an organisation with a chain, a cycle, a cancelled and an unknown dependency, risk, a removal
        List<MilestoneEvent> events = organisation();
        Path eventsFile = files.resolve("events.jsonl");
        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(EventJson.toJson(e).toString()));
        Files.write(eventsFile, lines, StandardCharsets.UTF_8);
        Path schemaFile = files.resolve("milestone-event.avsc");
        Files.writeString(schemaFile, MilestoneEvent.getClassSchema().toString(), StandardCharsets.UTF_8);
        Map<String, Answer> expected = new ReferenceModel(events).answers();

        try (Deployment d = new Deployment(infra, state, "python").start()) {
            // when: Python publishes
            String produced = python(files, "produce_events.py", infra.bootstrapServers(), infra.registryUrl(),
                    d.topic(Topics.MILESTONE_EVENTS), schemaFile.toString(), eventsFile.toString());

            // then: the topology folds them as the model says
            assertThat(produced).contains("produced " + events.size() + " events");
            await("answers of the events Python sent").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, Answer> open = new TreeMap<>();
                d.storedAnswers().forEach((id, a) -> {
                    if (a.getOpen()) {
                        open.put(id, AvroMapping.fromAvro(a));
                    }
                });
                assertThat(open).isEqualTo(expected);
            });
            assertThat(d.deadLetters()).isEmpty();
            d.awaitCommittedAnswersEqualStored();

            // and: Python reads blocked-launches through the registry, as the Java side holds it
            String consumed = python(files, "consume_answers.py", infra.bootstrapServers(), infra.registryUrl(),
                    d.topic(Topics.BLOCKED_LAUNCHES), Integer.toString(d.storedAnswers().size()), "60");
            JsonNode fromPython = JSON.readTree(consumed.lines().reduce((a, b) -> b).orElseThrow());
            ObjectNode fromJava = JsonNodeFactory.instance.objectNode();
            d.storedAnswers().forEach((id, a) -> fromJava.set(id, json(a)));
            assertThat(fromPython).isEqualTo(fromJava);
        }
    }

    private List<MilestoneEvent> organisation() {
        return List.of(
                f.launch("launch-shopping-de", "team-ads", "2026-12-01"),
                f.launch("launch-video-fr", "team-video", "2026-12-15"),
                f.milestone("m-privacy", "team-privacy", "2026-12-20"),
                f.milestone("m-billing", "team-billing"),
                f.milestone("m-identity", "team-identity", "2026-11-20"),
                f.milestone("m-cycle-a", "team-infra"),
                f.milestone("m-cycle-b", "team-infra"),
                f.declared("m-cancelled", "team-legacy", MilestoneKind.MILESTONE, MilestoneStatus.CANCELLED, LocalDate.parse("2026-11-01")),
                f.hard("launch-shopping-de", "m-privacy"),
                f.dependency("m-privacy", "m-billing", DependencyStrength.HARD, "2026-12-10"),
                f.soft("launch-shopping-de", "m-identity"),
                f.hard("launch-shopping-de", "m-ghost"),
                f.hard("launch-video-fr", "m-cycle-a"),
                f.hard("m-cycle-a", "m-cycle-b"),
                f.hard("m-cycle-b", "m-cycle-a"),
                f.hard("launch-video-fr", "m-cancelled"),
                f.hard("launch-video-fr", "m-identity"),
                f.status("m-identity", MilestoneStatus.DONE),
                f.remove("launch-video-fr", "m-identity"),
                f.status("m-billing", MilestoneStatus.AT_RISK));
    }

    /** An answer as Avro's field names and the Python client's plain values have it. */
    private static ObjectNode json(LaunchAnswer a) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("launchId", a.getLaunchId());
        node.put("open", a.getOpen());
        node.put("blocked", a.getBlocked());
        ArrayNode direct = node.putArray("directBlockers");
        a.getDirectBlockers().forEach(b -> direct.addObject()
                .put("milestoneId", b.getMilestoneId()).put("teamId", b.getTeamId()).put("reason", b.getReason().name()));
        ArrayNode roots = node.putArray("rootBlockers");
        a.getRootBlockers().forEach(r -> {
            ObjectNode root = roots.addObject()
                    .put("milestoneId", r.getMilestoneId()).put("teamId", r.getTeamId()).put("reason", r.getReason().name())
                    .put("cycle", r.getCycle());
            ArrayNode path = root.putArray("path");
            r.getPath().forEach(path::add);
        });
        ArrayNode risk = node.putArray("risk");
        a.getRisk().forEach(r -> risk.addObject()
                .put("dependentId", r.getDependentId()).put("dependencyId", r.getDependencyId())
                .put("strength", r.getStrength().name()).put("neededBy", r.getNeededBy().toString())
                .put("dueDate", r.getDueDate() == null ? null : r.getDueDate().toString()));
        node.put("causeEventId", a.getCauseEventId());
        if (a.getForecast() == null) {
            node.putNull("forecast");
        } else {
            ObjectNode forecast = node.putObject("forecast")
                    .put("state", a.getForecast().getState().name())
                    .put("date", a.getForecast().getDate() == null ? null : a.getForecast().getDate().toString())
                    .put("slipDays", a.getForecast().getSlipDays());
            ArrayNode path = forecast.putArray("criticalPath");
            a.getForecast().getCriticalPath().forEach(path::add);
        }
        return node;
    }

    private static String python(Path workDir, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", PYTHON_DIR.resolve(script).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path output = workDir.resolve(script + ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        String out = Files.readString(output, StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("%s finished; output:%n%s", script, out).isTrue();
        assertThat(p.exitValue()).as("%s exit code; output:%n%s", script, out).isZero();
        return out;
    }
}
