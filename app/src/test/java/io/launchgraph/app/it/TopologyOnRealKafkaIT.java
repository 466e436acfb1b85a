package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.model.ReferenceModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a real broker and registry: events produced with our serializer, folded by
 * Kafka Streams (exactly-once), answers in the stores and on blocked-launches equal to the
 * reference model's.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class TopologyOnRealKafkaIT {

    @Test
    void shouldAnswerAsTheReferenceModelForAGeneratedOrganisation(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given: 3,000 milestones, cycles, then a day of changes with removals and re-sends
        GeneratedOrganisation org = new GeneratedOrganisation(3_000, 7);
        List<MilestoneEvent> events = new ArrayList<>(org.initialEvents);
        events.addAll(org.steadyEvents(3_000));
        Map<String, Answer> expected = new ReferenceModel(events).answers();

        try (Deployment deployment = new Deployment(infra, state, "model").start()) {
            // when
            deployment.send(events);

            // then: the stores converge on the model's answers
            await("answers equal to the reference model's").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(deployment.openStoredAnswers()).isEqualTo(expected));
            // and: the latest committed record per key on blocked-launches is the stored answer
            deployment.awaitCommittedAnswersEqualStored();
            assertThat(deployment.deadLetters()).isEmpty();
        }
    }

}
