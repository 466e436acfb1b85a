package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.model.ReferenceModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph over two partitions on two instances (decision 47): each instance folds the whole
 * graph and derives the launches its partition owns, about half; either instance answers every
 * launch, list, team, instant in the past and report as one instance would.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class PartitionedGraphIT {

    @Test
    void shouldDeriveHalfTheLaunchesOnEachInstanceAndAnswerEverythingFromEither(
            RealKafkaAndRegistry.Infra infra, @TempDir Path stateA, @TempDir Path stateB) {
        // given: two instances of one application on two graph partitions, each holding one
        String name = "halves-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> shared = Map.of("graph.partitions", "2");
        GeneratedOrganisation org = new GeneratedOrganisation(1_500, 21);
        List<MilestoneEvent> events = new ArrayList<>(org.initialEvents);
        events.addAll(org.steadyEvents(500));
        ReferenceModel model = new ReferenceModel(events);
        Map<String, Answer> expected = model.answers();

        try (RunningService a = new RunningService(infra, stateA, name, name + ".", shared);
                RunningService b = new RunningService(infra, stateB, name, name + ".", shared)) {
            await("one graph partition on each instance").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(graphPartitions(a)).hasSize(1);
                        assertThat(graphPartitions(b)).hasSize(1);
                    });

            // when
            a.postEvents(events);

            // then: the list, gathered, is the model's from either instance
            for (RunningService instance : List.of(a, b)) {
                await("answers from " + instance.url).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(instance.openAnswers()).isEqualTo(expected));
            }
            // and: each instance holds the answers of the launches its partition owns, about half
            for (RunningService instance : List.of(a, b)) {
                int partition = graphPartitions(instance).first();
                Set<String> held = heldAnswers(instance);
                assertThat(held).as("answers held by %s", instance.url).allMatch(id -> GraphPartitions.ownerOf(id, 2) == partition);
                assertThat(held.size()).as("answers held by %s, of %s launches", instance.url, expected.size())
                        .isBetween(expected.size() * 3 / 10, expected.size() * 7 / 10);
            }
            // and: every launch from either instance, whichever holds it
            for (String launch : expected.keySet()) {
                assertThat(RunningService.answer(a.get("/launches/" + launch).body())).isEqualTo(expected.get(launch));
                assertThat(RunningService.answer(b.get("/launches/" + launch).body())).isEqualTo(expected.get(launch));
            }
            // and: each team's blocked launches, gathered from both, as the model's
            Map<String, Map<String, Set<String>>> teams = model.teams();
            assertThat(teams).isNotEmpty();
            for (RunningService instance : List.of(a, b)) {
                assertThat(teamViews(instance, teams.keySet())).as("teams from %s", instance.url).isEqualTo(teams);
            }
            assertThat(a.get("/teams").body()).isEqualTo(b.get("/teams").body());
            Map<String, Integer> counts = new TreeMap<>();
            a.get("/teams").body().path("teams").forEach(t -> {
                if (t.path("count").asInt() > 0) {
                    counts.put(t.path("teamId").asText(), t.path("count").asInt());
                }
            });
            Map<String, Integer> expectedCounts = new TreeMap<>();
            teams.forEach((team, launches) -> expectedCounts.put(team, launches.size()));
            assertThat(counts).as("teams ranked, summed over both instances").isEqualTo(expectedCounts);
            // and: as of an earlier instant, and what changed since, from either instance
            Instant asOf = events.get(events.size() / 2).getOccurredAt();
            Map<String, Answer> expectedThen = new ReferenceModel(events.stream().filter(e -> !e.getOccurredAt().isAfter(asOf)).toList()).answers();
            assertThat(expectedThen).isNotEqualTo(expected);
            for (RunningService instance : List.of(a, b)) {
                await("answers as of " + asOf + " from " + instance.url).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(instance.answersAsOf(asOf)).isEqualTo(expectedThen));
            }
            JsonNode changes = a.get("/changes?since=" + asOf).body();
            Set<String> openEitherSide = new TreeSet<>(expected.keySet());
            openEitherSide.addAll(expectedThen.keySet());
            assertThat(changes.path("changed").size() + changes.path("unchanged").asInt()).as("launches open then or now")
                    .isEqualTo(openEitherSide.size());
            assertThat(b.get("/changes?since=" + asOf).body()).isEqualTo(changes);
            // and: the weekly report, whichever instance puts it together
            JsonNode report = withoutGeneratedAt(a.get("/report?format=json&since=" + asOf).body());
            assertThat(report.path("now").path("open").asInt()).isEqualTo(expected.size());
            assertThat(withoutGeneratedAt(b.get("/report?format=json&since=" + asOf).body())).isEqualTo(report);
        }
    }

    private static SortedSet<Integer> graphPartitions(RunningService instance) {
        return instance.service.streams().localGraphPartitions();
    }

    private static Set<String> heldAnswers(RunningService instance) {
        Set<String> held = new TreeSet<>();
        try (KeyValueIterator<String, LaunchAnswer> it = instance.service.streams().store(StateStores.LAUNCH_ANSWERS).all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getOpen()) {
                    held.add(kv.key);
                }
            });
        }
        return held;
    }

    /** Each team's launches with the team's milestones that block it, as GET /teams/{id}/blocking says. */
    private static Map<String, Map<String, Set<String>>> teamViews(RunningService instance, Set<String> teams) {
        Map<String, Map<String, Set<String>>> views = new TreeMap<>();
        for (String team : teams) {
            RunningService.Response r = instance.get("/teams/" + team + "/blocking");
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            Map<String, Set<String>> launches = new TreeMap<>();
            r.body().path("launches").forEach(l -> {
                Set<String> milestones = new TreeSet<>();
                l.path("milestoneIds").forEach(m -> milestones.add(m.asText()));
                launches.put(l.path("launchId").asText(), milestones);
            });
            assertThat(r.body().path("count").asInt()).isEqualTo(launches.size());
            views.put(team, launches);
        }
        return views;
    }


    private static JsonNode withoutGeneratedAt(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove("generatedAt");
        return copy;
    }
}
