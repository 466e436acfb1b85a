package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.testing.Facts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recompute far longer than the exactly-once transaction timeout still converges: the graph
 * task derives in slices and commits between them, so no transaction outlives its timeout and
 * none is aborted. (With one unbounded recompute the broker aborts the open transaction, the task
 * is fenced, restarts, recomputes everything again and is fenced again.)
 */
@ExtendWith(RealKafkaAndRegistry.class)
class SlicedRecomputeIT {
    private static final Logger LOG = LoggerFactory.getLogger(SlicedRecomputeIT.class);
    /**
     * Well below the time one recompute of this organisation takes (about 5 s on our machines),
     * and above the pauses of a shared machine: the broker runs in this JVM, so a long garbage
     * collection stops both. A 2 s timeout once aborted a transaction of the organisation's build
     * that no slice had held open, most likely in such a pause.
     */
    private static final int TRANSACTION_TIMEOUT_MS = 3_000;
    private static final int LAUNCHES = 15_000;
    private static final int WIDTH = 40;
    private static final int DEPTH = 35;

    private final Facts f = new Facts();

    @Test
    void shouldConvergeWithoutAnAbortedTransactionWhenOneChangeMakesEveryLaunchRecomputeForLongerThanTheTimeout(
            RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given: every launch waits on Z through a gate and 35 layers of 40 milestones, each
        // waiting on all of the next: deriving one launch walks 56,000 edges
        try (Deployment d = new Deployment(infra, state, "sliced", Map.of(),
                Map.of(StreamsConfig.producerPrefix("transaction.timeout.ms"), TRANSACTION_TIMEOUT_MS))
                .withRecomputeSlice(Duration.ofMillis(100)).start()) {
            // The milestones first: edges delivered among the launches would derive them again
            // and again while the organisation is built.
            d.send(milestones());
            d.awaitCaughtUp();
            d.send(launches());
            d.awaitCaughtUp();
            assertEveryLaunchWaitsOnZ(d, BlockReason.PLANNED);
            d.awaitCommittedAnswersEqualStored();
            String topic = d.topic(Topics.BLOCKED_LAUNCHES);
            long before = count(infra.bootstrapServers(), topic, "read_committed");
            long uncommittedBefore = count(infra.bootstrapServers(), topic, "read_uncommitted");

            for (MilestoneStatus status : List.of(MilestoneStatus.AT_RISK, MilestoneStatus.IN_PROGRESS)) {
                // when: one status change of Z moves the answer of every launch
                long start = System.nanoTime();
                d.send(List.of(f.status("Z", status)));
                d.awaitCaughtUp();
                LOG.info("{} answers moved by one change in {} ms", LAUNCHES, (System.nanoTime() - start) / 1_000_000);

                // then: every launch answers with Z's new reason, on the topic as in the store
                assertEveryLaunchWaitsOnZ(d, BlockReason.valueOf(status.name()));
            }
            d.awaitCommittedAnswersEqualStored();

            // and: one record per launch and change, and no transaction aborted while the two
            // changes were derived (an aborted one leaves its records in the log, where only a
            // read_uncommitted reader sees them)
            long committed = count(infra.bootstrapServers(), topic, "read_committed");
            assertThat(committed - before).isEqualTo(2L * LAUNCHES);
            assertThat(count(infra.bootstrapServers(), topic, "read_uncommitted") - uncommittedBefore).isEqualTo(committed - before);
            assertThat(d.streamThreadFailures()).isZero();
        }
    }

    private List<MilestoneEvent> milestones() {
        List<MilestoneEvent> events = new ArrayList<>();
        events.add(f.milestone("Z", "team-z"));
        events.add(f.milestone("G", "team-gate"));
        for (int layer = 0; layer < DEPTH; layer++) {
            for (int i = 0; i < WIDTH; i++) {
                events.add(f.milestone(layered(layer, i), "team-" + i));
            }
        }
        for (int i = 0; i < WIDTH; i++) {
            events.add(f.hard("G", layered(0, i)));
            events.add(f.hard(layered(DEPTH - 1, i), "Z"));
        }
        for (int layer = 0; layer + 1 < DEPTH; layer++) {
            for (int i = 0; i < WIDTH; i++) {
                for (int j = 0; j < WIDTH; j++) {
                    events.add(f.hard(layered(layer, i), layered(layer + 1, j)));
                }
            }
        }
        return events;
    }

    private List<MilestoneEvent> launches() {
        List<MilestoneEvent> events = new ArrayList<>();
        for (int k = 0; k < LAUNCHES; k++) {
            events.add(f.launch("L" + k, "team-launch"));
            events.add(f.hard("L" + k, "G"));
        }
        return events;
    }

    private static String layered(int layer, int i) {
        return String.format("M%02d-%02d", layer, i);
    }

    private static void assertEveryLaunchWaitsOnZ(Deployment d, BlockReason reason) {
        List<String> expectedPath = new ArrayList<>();
        expectedPath.add("G");
        for (int layer = 0; layer < DEPTH; layer++) {
            expectedPath.add(layered(layer, 0));
        }
        expectedPath.add("Z");
        Map<String, io.launchgraph.avro.LaunchAnswer> stored = d.storedAnswers();
        assertThat(stored).hasSize(LAUNCHES);
        stored.forEach((id, avro) -> {
            Answer a = AvroMapping.fromAvro(avro);
            assertThat(a.blocked()).as(id).isTrue();
            assertThat(a.direct()).as(id).singleElement().satisfies(b -> assertThat(b.milestoneId()).isEqualTo("G"));
            assertThat(a.roots()).as(id).singleElement().satisfies(r -> {
                assertThat(r.milestoneId()).isEqualTo("Z");
                assertThat(r.reason()).isEqualTo(reason);
                assertThat(r.path()).isEqualTo(concat(id, expectedPath));
            });
        });
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** Records of {@code topic} a reader at {@code isolation} reads from the beginning to the end. */
    private static long count(String bootstrapServers, String topic, String isolation) {
        long[] count = {0};
        Deployment.forEachRecord(bootstrapServers, topic, new ByteArrayDeserializer(), isolation, r -> count[0]++);
        return count[0];
    }
}
