package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.model.ReferenceModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph over two partitions on a real broker (decision 47): every accepted event multicast to
 * both, each graph task deriving the launches its partition owns, the answers together equal to
 * the reference model's, and a refused event dead-lettered once.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class GraphPartitionsIT {

    @Test
    void shouldSplitTheDerivationBetweenTwoGraphTasksAndAnswerAsTheReferenceModel(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given: 3,000 milestones with cycles, a day of changes, and a second fact under an accepted event's id
        GeneratedOrganisation org = new GeneratedOrganisation(3_000, 7);
        List<MilestoneEvent> events = new ArrayList<>(org.initialEvents);
        events.addAll(org.steadyEvents(3_000));
        Map<String, Answer> expected = new ReferenceModel(events).answers();
        Instant at = Instant.parse("2026-10-02T00:00:00Z");
        String milestone = expected.keySet().iterator().next();
        MilestoneEvent first = new MilestoneEvent("same-id", at, "it", new MilestoneStatusChanged("unknown-" + milestone, MilestoneStatus.DONE));
        MilestoneEvent conflicting = new MilestoneEvent("same-id", at, "it", new MilestoneStatusChanged("unknown-" + milestone, MilestoneStatus.CANCELLED));

        try (Deployment deployment = new Deployment(infra, state, "partitions").withGraphPartitions(2).start()) {
            // when
            deployment.send(events);
            deployment.send(List.of(first, conflicting));

            // then: the two tasks' answers together are the model's
            await("answers equal to the reference model's").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(deployment.openStoredAnswers()).isEqualTo(expected));
            deployment.awaitCaughtUp();
            // and: each partition's stores hold the answers of the launches it owns, about half each
            int launches = deployment.storedAnswers().size();
            for (int p = 0; p < 2; p++) {
                Map<String, LaunchAnswer> part = deployment.storedAnswers(p);
                int partition = p;
                assertThat(part.keySet()).as("launches answered by graph partition %s", p)
                        .allMatch(id -> GraphPartitions.ownerOf(id, 2) == partition);
                assertThat(part.size()).as("answers in partition %s of %s", p, launches).isBetween(launches * 3 / 10, launches * 7 / 10);
            }
            // and: each task derived launches (the metric counts derivations, repeats included)
            Map<String, Double> derived = deployment.launchesDerivedByTask();
            assertThat(derived).as("launches derived by graph task").hasSize(2);
            assertThat(derived.values()).as("launches derived by each graph task").allMatch(d -> d >= launches * 3 / 10.0);
            // and: the latest committed record per key on blocked-launches is the stored answer
            deployment.awaitCommittedAnswersEqualStored();
            // and: the conflicting fact was refused once, though both tasks folded it
            await("the conflicting fact's dead letter").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(deployment.deadLetters()).extracting(DeadLetter::getReasonCode)
                            .containsExactly(EventRules.CONFLICTING_EVENT));
        }
    }

}
