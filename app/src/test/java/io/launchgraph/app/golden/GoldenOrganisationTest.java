package io.launchgraph.app.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.launchgraph.app.ingest.EventBatch;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.app.whatif.Hypotheses;
import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.History;
import io.launchgraph.topology.TeamQueries;
import io.launchgraph.topology.WhatIf;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.model.ReferenceModel;
import io.launchgraph.topology.testing.LaunchGraphDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acceptance: the golden organisation of ../shared/golden (copied into test resources), whose
 * answers an independent implementation of SEMANTICS.md computed, forecasts included (contract
 * v2). Ours must be the same, in any delivery order, and every event it rejects we must reject
 * for the same reason.
 */
class GoldenOrganisationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<MilestoneEvent> valid;
    /** Golden rejects that Avro can carry (the topology must dead-letter them), with the reason. */
    private static List<Map.Entry<MilestoneEvent, String>> rejectedInTopology;
    private static JsonNode golden;
    private static JsonNode goldenAsOf;
    /** The golden changes, their answers' lists sorted as ours are. */
    private static JsonNode goldenChangesSince;
    private static JsonNode goldenWhatIf;

    @BeforeAll
    static void load() throws IOException {
        valid = new ArrayList<>();
        for (String line : lines("golden/org-small.events.jsonl")) {
            EventJson.Parsed parsed = EventJson.parse(line);
            assertThat(parsed).as("golden valid event %s", line).isInstanceOf(EventJson.Accepted.class);
            valid.add(((EventJson.Accepted) parsed).event());
        }
        rejectedInTopology = new ArrayList<>();
        for (String line : lines("golden/org-small.rejected.jsonl")) {
            JsonNode reject = JSON.readTree(line);
            EventJson.Parsed decoded = reject.has("line")
                    ? EventJson.decode(reject.get("line").textValue())
                    : EventJson.decode(reject.get("event"));
            if (decoded instanceof EventJson.Accepted accepted) {
                rejectedInTopology.add(Map.entry(accepted.event(), reject.get("reason").textValue()));
            }
        }
        try (InputStream in = resource("golden/org-small.answers.json")) {
            golden = JSON.readTree(in);
        }
        try (InputStream in = resource("golden/org-small.as-of-2026-08-15.answers.json")) {
            goldenAsOf = JSON.readTree(in);
        }
        try (InputStream in = resource("golden/org-small.changes-since-2026-11-01.json")) {
            goldenChangesSince = withSortedSides((ObjectNode) JSON.readTree(in));
        }
        try (InputStream in = resource("golden/org-small.what-if.answers.json")) {
            goldenWhatIf = withSortedSides((ObjectNode) JSON.readTree(in));
        }
    }

    @Test
    void shouldRefuseEveryGoldenRejectForTheGoldenReason() throws IOException {
        // given
        List<String> mismatches = new ArrayList<>();
        int refusedByCodec = 0;

        // when
        for (String line : lines("golden/org-small.rejected.jsonl")) {
            JsonNode reject = JSON.readTree(line);
            EventJson.Parsed parsed = reject.has("line")
                    ? EventJson.parse(reject.get("line").textValue())
                    : EventJson.parse(reject.get("event"));
            String expected = reject.get("reason").textValue();
            if (!(parsed instanceof EventJson.Refused refused)) {
                mismatches.add("accepted: " + line);
            } else if (!refused.rejection().code().equals(expected)) {
                mismatches.add(refused.rejection().code() + " instead of " + expected + ": " + line);
            } else {
                refusedByCodec++;
            }
        }

        // then
        assertThat(mismatches).isEmpty();
        assertThat(refusedByCodec).isEqualTo(191);
    }

    @Test
    void shouldAgreeWithTheReferenceModel() {
        // given
        ReferenceModel model = new ReferenceModel(valid);

        // when
        Map<String, JsonNode> modelAnswers = new TreeMap<>();
        model.answers().forEach((id, a) -> modelAnswers.put(id, toGoldenShape(a, model.teamOf(id))));

        // then
        assertThat(diff(modelAnswers, goldenLaunches())).isEmpty();
        assertThat(model.launchesNotOpen()).containsAll(textList(golden.get("notOpenLaunches")));
    }

    @ParameterizedTest(name = "delivery order {0} on {1} graph partitions")
    @CsvSource({"1, 1", "2, 1", "3, 1", "1, 2", "2, 6"})
    void shouldAnswerAsTheIndependentImplementationWhateverTheDeliveryOrder(long seed, int graphPartitions) throws IOException {
        // given
        Random random = new Random(seed);
        List<MilestoneEvent> delivery = new ArrayList<>(valid);
        for (int i = 0; i < 300; i++) {
            delivery.add(valid.get(random.nextInt(valid.size())));
        }
        rejectedInTopology.forEach(r -> delivery.add(r.getKey()));
        Collections.shuffle(delivery, random);

        try (LaunchGraphDriver driver = new LaunchGraphDriver(graphPartitions)) {
            // when
            for (MilestoneEvent e : delivery) {
                driver.send(e);
                if (random.nextInt(1000) == 0) {
                    driver.recompute();
                }
            }
            driver.recompute();

            // then: every open launch, and nothing else, answered as golden says
            Map<String, JsonNode> ours = new TreeMap<>();
            Map<String, MilestoneState> milestones = LaunchGraphDriver.entries(driver.milestoneStore());
            driver.answers().forEach((id, a) -> {
                if (a.getOpen()) {
                    ours.put(id, toGoldenShape(AvroMapping.fromAvro(a), milestones.get(id).getDescriptor().getTeamId()));
                }
            });
            assertThat(diff(ours, goldenLaunches())).isEmpty();

            // and: launches no longer open have no open answer
            for (String id : textList(golden.get("notOpenLaunches"))) {
                LaunchAnswer answer = driver.answer(id);
                assertThat(answer == null || !answer.getOpen()).as("answer of %s", id).isTrue();
            }

            // and: the teams, ranked, each with its launches in order
            assertThat(teams(driver)).isEqualTo(golden.get("teams"));

            // and: the rejects Avro can carry are dead-lettered for the golden reason
            List<String> reasons = driver.deadLetters().stream().map(DeadLetter::getReasonCode).sorted().toList();
            assertThat(reasons).isEqualTo(rejectedInTopology.stream().map(Map.Entry::getValue).sorted().toList());

            // and: as of 2026-08-15, from the history the graph task kept
            History.Snapshot asOf = History.asOf(driver.historyStore(), Instant.parse("2026-08-15T00:00:00Z"));
            assertThat(diff(openAnswers(asOf.answers(), asOf::milestone), goldenLaunches(goldenAsOf))).isEmpty();

            // and: what changed since 2026-11-01, before and after, for every launch open on either side
            History.Snapshot then = History.asOf(driver.historyStore(), Instant.parse("2026-11-01T00:00:00Z"));
            Map<String, JsonNode> before = openAnswers(then.answers(), then::milestone);
            assertThat(changes(before, ours)).isEqualTo(goldenChangesSince);

            // and: what the golden hypotheses would change, on a replica of the folded state
            WhatIf whatIf = new WhatIf();
            LaunchGraphDriver.entries(driver.milestoneStore()).values().forEach(whatIf::put);
            LaunchGraphDriver.entries(driver.dependencyStore()).values().forEach(whatIf::put);
            EventBatch.Items<WhatIf.Hypothesis> hypotheses = Hypotheses.parse(
                    String.join("\n", lines("golden/org-small.what-if.jsonl")).getBytes(StandardCharsets.UTF_8), true, Instant.now());
            assertThat(hypotheses.problems()).isEmpty();
            assertThat(goldenShape(whatIf.run(hypotheses.values()))).isEqualTo(goldenWhatIf);
        }
    }

    /** Golden {changed, unchanged}, each side's lists sorted as ours are. */
    private static JsonNode withSortedSides(ObjectNode changes) {
        changes.get("changed").properties().forEach(e -> {
            ObjectNode change = (ObjectNode) e.getValue();
            for (String side : List.of("before", "after")) {
                if (!change.get(side).isNull()) {
                    change.set(side, sortedLists(change.get(side)));
                }
            }
        });
        return changes;
    }

    /** A what-if's outcome in the golden shape. */
    private static JsonNode goldenShape(WhatIf.Outcome outcome) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode changed = result.putObject("changed");
        for (WhatIf.Change c : outcome.changed()) {
            ObjectNode change = changed.putObject(c.launchId());
            change.set("before", c.before() == null ? JsonNodeFactory.instance.nullNode()
                    : toGoldenShape(AvroMapping.fromAvro(c.before()), outcome.before().milestones().get(c.launchId()).getDescriptor().getTeamId()));
            change.set("after", c.after() == null ? JsonNodeFactory.instance.nullNode()
                    : toGoldenShape(AvroMapping.fromAvro(c.after()), outcome.after().milestones().get(c.launchId()).getDescriptor().getTeamId()));
        }
        result.put("unchanged", outcome.unchanged());
        return result;
    }

    /** The open answers among {@code answers}, in the golden shape (the team from {@code milestones}). */
    private static Map<String, JsonNode> openAnswers(Map<String, LaunchAnswer> answers, Function<String, MilestoneState> milestones) {
        Map<String, JsonNode> open = new TreeMap<>();
        answers.forEach((id, a) -> {
            if (a.getOpen()) {
                open.put(id, toGoldenShape(AvroMapping.fromAvro(a), milestones.apply(id).getDescriptor().getTeamId()));
            }
        });
        return open;
    }

    /** {changed: {launchId: {before, after}}, unchanged: n} over the launches open before or after. */
    private static JsonNode changes(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode changed = result.putObject("changed");
        int unchanged = 0;
        java.util.Set<String> ids = new java.util.TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            JsonNode b = before.get(id);
            JsonNode a = after.get(id);
            if (java.util.Objects.equals(a, b)) {
                unchanged++;
            } else {
                ObjectNode change = changed.putObject(id);
                change.set("before", b == null ? JsonNodeFactory.instance.nullNode() : b);
                change.set("after", a == null ? JsonNodeFactory.instance.nullNode() : a);
            }
        }
        result.put("unchanged", unchanged);
        return result;
    }

    /** The team view, ranked, each team with its launches; gathered over the graph partitions as a reader does. */
    private static JsonNode teams(LaunchGraphDriver driver) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, List<TeamBlocking>> byTeam = new TreeMap<>();
        driver.teamEntries().values().forEach(e -> {
            counts.merge(e.getTeamId(), 1, Integer::sum);
            byTeam.computeIfAbsent(e.getTeamId(), k -> new ArrayList<>()).add(e);
        });
        if (driver.graphPartitions() == 1) {
            // and the store's own reads, on one partition, say the same
            assertThat(TeamQueries.ranking(driver.teamStore())).isEqualTo(TeamQueries.ranking(counts));
        }
        ArrayNode teams = JsonNodeFactory.instance.arrayNode();
        for (TeamQueries.TeamCount t : TeamQueries.ranking(counts)) {
            ArrayNode launches = JsonNodeFactory.instance.arrayNode();
            List<TeamBlocking> ordered = TeamQueries.inTeamOrder(byTeam.get(t.teamId()), driver.milestoneStore()::get);
            if (driver.graphPartitions() == 1) {
                assertThat(TeamQueries.launchesBlockedBy(driver.teamStore(), driver.milestoneStore(), t.teamId())).isEqualTo(ordered);
            }
            for (TeamBlocking e : ordered) {
                launches.add(e.getLaunchId());
            }
            ObjectNode team = teams.addObject();
            team.put("count", t.count());
            team.set("launches", launches);
            team.put("teamId", t.teamId());
        }
        return teams;
    }

    private static Map<String, JsonNode> goldenLaunches() {
        return goldenLaunches(golden);
    }

    private static Map<String, JsonNode> goldenLaunches(JsonNode answers) {
        Map<String, JsonNode> launches = new TreeMap<>();
        answers.get("launches").properties().forEach(e -> launches.put(e.getKey(), sortedLists(e.getValue())));
        return launches;
    }

    /** Launch ids whose answers differ, with both sides, or that only one side has. */
    private static List<String> diff(Map<String, JsonNode> ours, Map<String, JsonNode> theirs) {
        List<String> differences = new ArrayList<>();
        for (String id : ours.keySet()) {
            if (!theirs.containsKey(id)) {
                differences.add("only ours: " + id);
            } else if (!ours.get(id).equals(theirs.get(id))) {
                differences.add(id + "\n ours:   " + ours.get(id) + "\n golden: " + theirs.get(id));
            }
        }
        theirs.keySet().stream().filter(id -> !ours.containsKey(id)).forEach(id -> differences.add("only golden: " + id));
        return differences;
    }

    /** An answer in the golden file's shape, lists sorted so that they compare as sets. */
    private static JsonNode toGoldenShape(Answer a, String teamId) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("teamId", teamId);
        node.put("blocked", a.blocked());
        ArrayNode direct = node.putArray("direct");
        a.direct().forEach(b -> direct.addObject()
                .put("milestoneId", b.milestoneId())
                .put("reason", b.reason().name())
                .put("teamId", b.teamId()));
        ArrayNode roots = node.putArray("roots");
        a.roots().forEach(r -> {
            ObjectNode root = roots.addObject()
                    .put("cycle", r.cycle())
                    .put("milestoneId", r.milestoneId())
                    .put("reason", r.reason().name())
                    .put("teamId", r.teamId());
            ArrayNode path = root.putArray("path");
            r.path().forEach(path::add);
        });
        ArrayNode risk = node.putArray("risk");
        a.risk().forEach(r -> risk.addObject()
                .put("dependencyId", r.dependencyId())
                .put("dependentId", r.dependentId())
                .put("dueDate", date(r.dueDate()))
                .put("neededBy", date(r.neededBy()))
                .put("strength", r.strength().name()));
        ObjectNode forecast = node.putObject("forecast");
        ArrayNode criticalPath = forecast.putArray("criticalPath");
        a.forecast().criticalPath().forEach(criticalPath::add);
        forecast.put("date", date(a.forecast().date()));
        forecast.put("slipDays", a.forecast().slipDays());
        forecast.put("state", a.forecast().state().name());
        return sortedLists(node);
    }

    private static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private static JsonNode sortedLists(JsonNode answer) {
        ObjectNode copy = answer.deepCopy();
        for (String list : List.of("direct", "roots", "risk")) {
            List<JsonNode> items = new ArrayList<>();
            copy.get(list).forEach(items::add);
            items.sort(Comparator.comparing(JsonNode::toString));
            copy.putArray(list).addAll(items);
        }
        return copy;
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.textValue()));
        return values;
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = resource(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static InputStream resource(String name) {
        InputStream in = GoldenOrganisationTest.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return in;
    }
}
