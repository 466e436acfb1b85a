package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.testing.Facts;
import io.launchgraph.topology.testing.LaunchGraphDriver;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The event history and answers as of an instant (SEMANTICS.md "Other times"). */
class HistoryTest {
    private final Facts f = new Facts();

    @Test
    void shouldOrderKeysByInstantThenEventIdAcrossTheEpochAndYears() {
        // given: instants before and after 1970, and ids that sort by their ASCII bytes
        List<String> inOrder = List.of(
                History.key(Instant.parse("0001-01-01T00:00:00Z"), "z"),
                History.key(Instant.parse("1969-12-31T23:59:59.999Z"), "a"),
                History.key(Instant.parse("1970-01-01T00:00:00Z"), "!"),
                History.key(Instant.parse("1970-01-01T00:00:00Z"), "A"),
                History.key(Instant.parse("1970-01-01T00:00:00Z"), "a"),
                History.key(Instant.parse("2026-10-01T12:00:00.001Z"), "~"),
                History.key(Instant.parse("9999-12-31T23:59:59.999Z"), "!"));

        // when
        List<String> sorted = new ArrayList<>(inOrder);
        sorted.sort(String::compareTo);

        // then: and every event at an instant sorts at or below that instant's last key
        assertThat(sorted).isEqualTo(inOrder);
        assertThat(History.lastKeyAt(Instant.parse("1970-01-01T00:00:00Z"))).isGreaterThan(inOrder.get(4)).isLessThan(inOrder.get(5));
    }

    @Test
    void shouldTellTheSameFactFromAnotherByContentNotBySourceOrLabelOrder() {
        // given
        Map<String, String> one = new LinkedHashMap<>();
        one.put("market", "DE");
        one.put("product", "search");
        Map<String, String> other = new TreeMap<>(java.util.Comparator.reverseOrder());
        other.putAll(one);
        Instant at = Instant.parse("2026-10-01T12:00:00Z");
        MilestoneEvent a = new MilestoneEvent("e1", at, "jira", declared(one, "2027-01-01"));
        MilestoneEvent sameFromElsewhere = new MilestoneEvent("e1", at, "github", declared(other, "2027-01-01"));
        MilestoneEvent otherDate = new MilestoneEvent("e1", at, "jira", declared(one, "2027-01-02"));

        // then
        assertThat(History.sameFact(a, sameFromElsewhere)).isTrue();
        assertThat(History.sameFact(a, otherDate)).isFalse();
    }

    private static MilestoneDeclared declared(Map<String, String> labels, String due) {
        return new MilestoneDeclared("m", "t", "name", MilestoneKind.LAUNCH, LocalDate.parse(due), null, labels);
    }

    @Test
    void shouldAnswerAsOfAnInstantFromTheEventsThatOccurredByThenIncludingLateArrivals() {
        try (LaunchGraphDriver driver = new LaunchGraphDriver()) {
            // given: L blocked on M from 00:00:02, M done at 00:00:05; the edge arrives last
            MilestoneEvent launch = f.at("2026-10-01T00:00:01Z").launch("L", "t", "2027-01-01");
            MilestoneEvent milestone = f.at("2026-10-01T00:00:01Z").milestone("M", "tm", "2026-12-01");
            MilestoneEvent edge = f.at("2026-10-01T00:00:02Z").hard("L", "M");
            MilestoneEvent done = f.at("2026-10-01T00:00:05Z").status("M", MilestoneStatus.DONE);
            driver.sendAndRecompute(launch, milestone, done, edge);

            // when
            History.Snapshot before = History.asOf(driver.historyStore(), Instant.parse("2026-10-01T00:00:00.999Z"));
            History.Snapshot blocked = History.asOf(driver.historyStore(), Instant.parse("2026-10-01T00:00:04.999Z"));
            History.Snapshot now = History.asOf(driver.historyStore(), Instant.parse("2026-10-01T00:00:05Z"));

            // then: not yet declared, blocked, then unblocked, as the live answer is
            assertThat(before.answer("L")).isNull();
            assertThat(blocked.answer("L").getBlocked()).isTrue();
            assertThat(blocked.milestone("M").getStatus()).isNull();
            assertThat(now.answer("L").getBlocked()).isFalse();
            assertThat(driver.answer("L").getBlocked()).isFalse();
        }
    }

    @Test
    void shouldAnswerAClosedLaunchAsOfAnInstantAfterItWasDone() {
        try (LaunchGraphDriver driver = new LaunchGraphDriver()) {
            // given
            driver.sendAndRecompute(
                    f.at("2026-10-01T00:00:01Z").launch("L", "t"), f.at("2026-10-01T00:00:03Z").status("L", MilestoneStatus.DONE),
                    f.at("2026-10-01T00:00:01Z").milestone("plain", "t"));

            // when
            History.Snapshot then = History.asOf(driver.historyStore(), Instant.parse("2026-10-01T00:00:02Z"));
            History.Snapshot later = History.asOf(driver.historyStore(), Instant.parse("2026-10-01T00:00:04Z"));

            // then
            assertThat(then.answer("L").getOpen()).isTrue();
            assertThat(later.answer("L").getOpen()).isFalse();
            assertThat(later.answers()).containsOnlyKeys("L");
            assertThat(later.answer("plain")).isNull();
        }
    }

    @Test
    void shouldDeadLetterAnotherFactUnderAnEventIdAndInstantAlreadyTakenEvenForAnotherMilestone() {
        try (LaunchGraphDriver driver = new LaunchGraphDriver()) {
            // given
            MilestoneEvent first = f.status("A", MilestoneStatus.DONE);
            MilestoneEvent clash = Facts.copy(f.status("B", MilestoneStatus.DONE), first.getEventId(), first.getOccurredAt());

            // when
            driver.sendAndRecompute(f.milestone("A", "t"), f.milestone("B", "t"), first, clash, first);

            // then: the history keeps the first; the fold never saw the clash
            List<DeadLetter> letters = driver.deadLetters();
            assertThat(letters).singleElement().satisfies(l -> assertThat(l.getReasonCode()).isEqualTo(EventRules.CONFLICTING_EVENT));
            assertThat(driver.milestoneStore().get("B").getStatus()).isNull();
            assertThat(driver.historyStore().get(History.key(first))).satisfies(e -> assertThat(History.sameFact(e, first)).isTrue());
            Map<String, LaunchAnswer> none = driver.answers();
            assertThat(none).isEmpty();
        }
    }
}
