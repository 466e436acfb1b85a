package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.avro.MilestoneEvent;
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
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.streams.StreamsMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances sharing the work: any instance answers any key, as of any instant and what if;
 * one takes over from the other, and the stopped one comes back.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class TwoInstancesIT {

    @Test
    void shouldAnswerEveryKeyFromBothInstancesAndTakeOverWhenOneStops(
            RealKafkaAndRegistry.Infra infra, @TempDir Path stateA, @TempDir Path stateB) {
        // given: two instances of one application, one standby copy of each store
        String name = "pair-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> shared = Map.of("streams.standby.replicas", "1");
        GeneratedOrganisation org = new GeneratedOrganisation(1_500, 21);
        List<MilestoneEvent> events = new ArrayList<>(org.initialEvents);
        events.addAll(org.steadyEvents(500));
        ReferenceModel model = new ReferenceModel(events);
        Map<String, Answer> expected = model.answers();

        RunningService a = new RunningService(infra, stateA, name, name + ".", shared);
        RunningService b = new RunningService(infra, stateB, name, name + ".", shared);
        RunningService[] restarted = new RunningService[1];
        try {
            // when
            a.postEvents(events);

            // then: both instances answer every launch, whichever holds it
            for (RunningService instance : List.of(a, b)) {
                await("answers from " + instance.url).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(instance.openAnswers()).isEqualTo(expected));
            }
            for (String launch : expected.keySet()) {
                assertThat(RunningService.answer(a.get("/launches/" + launch).body())).isEqualTo(expected.get(launch));
                assertThat(RunningService.answer(b.get("/launches/" + launch).body())).isEqualTo(expected.get(launch));
            }
            assertThat(a.get("/teams").body()).isEqualTo(b.get("/teams").body());
            // and: as of an earlier instant, from either instance
            Instant asOf = events.get(events.size() / 2).getOccurredAt();
            Map<String, Answer> expectedThen = new ReferenceModel(events.stream().filter(e -> !e.getOccurredAt().isAfter(asOf)).toList()).answers();
            assertThat(expectedThen).isNotEqualTo(expected);
            // (waiting: an event the current answers no longer show may still be on its way to the history)
            for (RunningService instance : List.of(a, b)) {
                await("answers as of " + asOf + " from " + instance.url).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(instance.answersAsOf(asOf)).isEqualTo(expectedThen));
            }

            // and: a what-if from either instance's replica, as the model with the hypothesis last
            String blocker = expected.values().stream().filter(Answer::blocked).findFirst().orElseThrow().direct().get(0).milestoneId();
            Map<String, Answer> ifDone = ReferenceModel.withHypotheses(events, List.of(new MilestoneEvent("h", Instant.EPOCH, "t",
                    new io.launchgraph.avro.MilestoneStatusChanged(blocker, io.launchgraph.avro.MilestoneStatus.DONE)))).answers();
            Map<String, Answer> expectedChanges = new TreeMap<>();
            java.util.Set<String> ids = new java.util.TreeSet<>(expected.keySet());
            ids.addAll(ifDone.keySet());
            ids.stream().filter(id -> !java.util.Objects.equals(expected.get(id), ifDone.get(id))).forEach(id -> expectedChanges.put(id, ifDone.get(id)));
            assertThat(expectedChanges).isNotEmpty();
            for (RunningService instance : List.of(a, b)) {
                await("what-if from " + instance.url).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(whatIfDone(instance, blocker)).isEqualTo(expectedChanges));
            }

            // when: the instance holding the graph task stops
            RunningService holder = holds(a) ? a : b;
            RunningService other = holder == a ? b : a;
            assertThat(holds(holder)).as("one instance holds the graph task").isTrue();
            holder.close();

            // then: the other answers everything after the rebalance
            await("the other instance takes over").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(other.openAnswers()).isEqualTo(expected));
            for (String launch : expected.keySet()) {
                assertThat(RunningService.answer(other.get("/launches/" + launch).body())).isEqualTo(expected.get(launch));
            }
            // and: the history came along: as of the same instant, as before
            assertThat(other.answersAsOf(asOf)).isEqualTo(expectedThen);
            assertThat(whatIfDone(other, blocker)).isEqualTo(expectedChanges);

            // when: the stopped instance comes back on its own state directory
            restarted[0] = new RunningService(infra, holder == a ? stateA : stateB, name, name + ".", shared);

            // then: as of the same instant, and the same what-if (its replica read the changelogs again)
            await("as of " + asOf + " after a restart").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(restarted[0].answersAsOf(asOf)).isEqualTo(expectedThen));
            await("what-if after a restart").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(whatIfDone(restarted[0], blocker)).isEqualTo(expectedChanges));
        } finally {
            a.close();
            b.close();
            if (restarted[0] != null) {
                restarted[0].close();
            }
        }
    }

    /** The answers a what-if says would change if {@code milestone} were done (null: no longer open). */
    private static Map<String, Answer> whatIfDone(RunningService instance, String milestone) {
        RunningService.Response r = instance.post("/what-if", "application/json", "{\"done\": \"" + milestone + "\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        Map<String, Answer> changed = new TreeMap<>();
        r.body().path("changed").forEach(c -> changed.put(c.path("launchId").asText(),
                c.path("after").isNull() ? null : RunningService.answer(c.path("after"))));
        return changed;
    }


    /** Whether this instance is the active host of the answers. */
    private static boolean holds(RunningService instance) {
        for (StreamsMetadata m : instance.service.streams().streams().streamsMetadataForStore(StateStores.LAUNCH_ANSWERS.name())) {
            if (m.hostInfo().port() == instance.service.httpPort() && m.stateStoreNames().contains(StateStores.LAUNCH_ANSWERS.name())) {
                return true;
            }
        }
        return false;
    }
}
