package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.serde.DecodeException;
import io.launchgraph.topology.testing.Facts;
import io.launchgraph.topology.testing.LaunchGraphDriver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topology end to end through its topics, one rule of SEMANTICS.md at a time. */
class TopologyTest {
    private final Facts f = new Facts();
    private final LaunchGraphDriver driver = new LaunchGraphDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    private List<KeyValue<String, LaunchAnswer>> published() {
        return driver.publishedAnswers();
    }

    @Test
    void shouldMarkLaunchBlockedWhenDependencyIsNotDone() {
        // when
        MilestoneEvent edge = f.hard("L", "M");
        driver.sendAndRecompute(f.launch("L", "t-launch"), f.milestone("M", "t-m"), edge);

        // then
        assertThat(published()).singleElement().satisfies(r -> {
            assertThat(r.key).isEqualTo("L");
            assertThat(r.value.getOpen()).isTrue();
            assertThat(r.value.getBlocked()).isTrue();
            assertThat(r.value.getDirectBlockers()).singleElement().satisfies(b -> {
                assertThat(b.getMilestoneId()).isEqualTo("M");
                assertThat(b.getTeamId()).isEqualTo("t-m");
            });
            assertThat(r.value.getCauseEventId()).isEqualTo(edge.getEventId());
        });
        assertThat(driver.teamEntries()).containsOnlyKeys("t-m L");
    }

    @Test
    void shouldPublishOnlyWhenTheAnswerChanges() {
        // given
        driver.sendAndRecompute(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"));
        published();

        // when: progress that changes nothing the answer holds, then the fix
        driver.sendAndRecompute(f.status("M", MilestoneStatus.IN_PROGRESS));
        List<KeyValue<String, LaunchAnswer>> afterProgress = published();
        driver.sendAndRecompute(f.milestone("M", "t"), f.status("M", MilestoneStatus.DONE));
        List<KeyValue<String, LaunchAnswer>> afterDone = published();

        // then: the reason changed, so one record; then unblocked, one record
        assertThat(afterProgress).singleElement().satisfies(r ->
                assertThat(r.value.getDirectBlockers().get(0).getReason().name()).isEqualTo("IN_PROGRESS"));
        assertThat(afterDone).singleElement().satisfies(r -> assertThat(r.value.getBlocked()).isFalse());
        assertThat(driver.teamEntries()).isEmpty();
        driver.sendAndRecompute(f.milestone("M", "t"));
        assertThat(published()).isEmpty();
    }

    @Test
    void shouldGiveTheSameAnswerForDuplicatesAndOutOfOrderDelivery() {
        // given
        MilestoneEvent launch = f.launch("L", "t");
        MilestoneEvent milestone = f.milestone("M", "t");
        MilestoneEvent edge = f.hard("L", "M");
        MilestoneEvent done = f.status("M", MilestoneStatus.DONE);
        MilestoneEvent reopened = f.status("M", MilestoneStatus.AT_RISK);

        // when: newest first, with re-sends
        driver.sendAndRecompute(reopened, done, edge, reopened, milestone, done, launch, edge);

        // then
        LaunchAnswer answer = driver.answer("L");
        assertThat(answer.getBlocked()).isTrue();
        assertThat(answer.getDirectBlockers().get(0).getReason().name()).isEqualTo("AT_RISK");
    }

    @Test
    void shouldPublishAFinalRecordWhenALaunchStopsBeingOpen() {
        // given
        driver.sendAndRecompute(f.launch("A", "t"), f.launch("B", "t"), f.launch("C", "t"), f.launch("D", "t"),
                f.milestone("M", "t"), f.hard("A", "M"));
        published();

        // when
        driver.sendAndRecompute(
                f.status("A", MilestoneStatus.DONE), f.status("B", MilestoneStatus.CANCELLED), f.retire("C"), f.milestone("D", "t"));

        // then
        assertThat(published()).extracting(r -> r.key).containsExactly("A", "B", "C", "D");
        assertThat(driver.answers().values()).allSatisfy(a -> {
            assertThat(a.getOpen()).isFalse();
            assertThat(a.getBlocked()).isFalse();
            assertThat(a.getDirectBlockers()).isEmpty();
            assertThat(a.getRootBlockers()).isEmpty();
            assertThat(a.getRisk()).isEmpty();
        });
    }

    @Test
    void shouldFoldEventsWhateverKeyTheProducerUsed() {
        // when: keyed by nonsense, and unkeyed
        driver.sendRaw("wrong".getBytes(StandardCharsets.UTF_8), driver.encode(f.launch("L", "t")));
        driver.sendRaw(null, driver.encode(f.hard("L", "M")));
        driver.recompute();

        // then
        assertThat(driver.answer("L").getDirectBlockers().get(0).getReason().name()).isEqualTo("UNKNOWN");
    }

    @Test
    void shouldSendUndecodableBytesToTheDeadLetterTopicAndGoOn() {
        // given
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

        // when
        driver.sendRaw("k".getBytes(StandardCharsets.UTF_8), garbage);
        driver.sendRaw("k".getBytes(StandardCharsets.UTF_8), null);
        driver.sendRaw(null, new byte[] {0, 0, 0, 0, 42, 1, 2});
        driver.sendAndRecompute(f.launch("L", "t"));

        // then
        List<DeadLetter> letters = driver.deadLetters();
        assertThat(letters).extracting(DeadLetter::getReasonCode)
                .containsExactly(DecodeException.WRONG_MAGIC_BYTE, DecodeException.UNDECODABLE, DecodeException.UNKNOWN_SCHEMA);
        DeadLetter first = letters.get(0);
        assertThat(first.getTopic()).isEqualTo(Topics.MILESTONE_EVENTS.name());
        assertThat(first.getOffset()).isZero();
        assertThat(bytes(first.getValue())).isEqualTo(garbage);
        assertThat(bytes(first.getKey())).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(first.getReason()).isNotBlank();
        assertThat(letters.get(2).getOffset()).isEqualTo(2);
        assertThat(driver.answer("L").getOpen()).isTrue();
    }

    @Test
    void shouldSendEventsThatBreakTheRulesToTheDeadLetterTopicWithTheirReason() {
        // when
        MilestoneEvent self = f.hard("M", "M");
        driver.send(self, f.launch("bad id", "t"), f.launch("L", "t"));
        driver.recompute();

        // then
        List<DeadLetter> letters = driver.deadLetters();
        assertThat(letters).extracting(DeadLetter::getReasonCode).containsExactly(EventRules.SELF_DEPENDENCY, EventRules.ID_SPACE);
        assertThat(letters.get(0).getEventId()).isEqualTo(self.getEventId());
        assertThat(bytes(letters.get(0).getValue())).isEqualTo(driver.encode(self));
        assertThat(driver.answers()).containsOnlyKeys("L");
    }

    @Test
    void shouldSendTheLaterOfTwoFactsSharingEventIdAndInstantToTheDeadLetterTopic() {
        // given
        Instant at = Instant.parse("2026-10-02T00:00:00Z");
        MilestoneEvent done = new MilestoneEvent("dup", at, "s", new io.launchgraph.avro.MilestoneStatusChanged("M", MilestoneStatus.DONE));
        MilestoneEvent cancelled = new MilestoneEvent("dup", at, "s", new io.launchgraph.avro.MilestoneStatusChanged("M", MilestoneStatus.CANCELLED));

        // when
        driver.sendAndRecompute(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M"), done, cancelled);

        // then: the first stands; the second is a dead letter naming its origin offset
        assertThat(driver.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.getReasonCode()).isEqualTo(EventRules.CONFLICTING_EVENT);
            assertThat(d.getTopic()).isEqualTo(Topics.MILESTONE_EVENTS.name());
            assertThat(d.getOffset()).isEqualTo(4);
            assertThat(bytes(d.getKey())).isEqualTo("M".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(driver.answer("L").getBlocked()).isFalse();
    }

    @Test
    void shouldKeepTheFoldedStateOfEveryMilestoneQueryable() {
        // when
        driver.sendAndRecompute(f.status("later", MilestoneStatus.AT_RISK), f.milestone("M", "t", "2026-12-01"));

        // then
        assertThat(driver.milestoneStore().get("M").getDescriptor().getTeamId()).isEqualTo("t");
        assertThat(driver.milestoneStore().get("later").getStatus().getStatus()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(driver.milestoneStore().get("later").getDescriptor()).isNull();
    }

    @Test
    void shouldIndexWhoDependsOnAMilestone() {
        // when
        driver.sendAndRecompute(f.hard("A", "M"), f.soft("B", "M"), f.hard("C", "M"), f.remove("C", "M"));

        // then
        assertThat(LaunchGraphDriver.entries(driver.dependentsStore())).containsOnlyKeys("M A", "M B");
    }

    @Test
    void shouldRegisterSchemasOnlyUnderTheTopicsItWrites() {
        // when
        driver.sendAndRecompute(f.launch("L", "t"), f.hard("L", "L"));

        // then
        assertThat(driver.schemaSubjects()).contains(
                "milestone-events-value", "blocked-launches-value", "rejected-events-value");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
