package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.model.ReferenceModel;
import io.launchgraph.topology.testing.Facts;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slip propagation on a real broker: one due-date change deep in the graph moves the forecast of
 * every launch above it, and blocked-launches gets exactly one new record for each of them, with
 * the change as its cause, and none for any other launch.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class SlipPropagationIT {
    private static final LocalDate PLATFORM_DUE = LocalDate.parse("2027-03-01");
    private final Facts f = new Facts();

    @Test
    void shouldPublishOneNewRecordForEachLaunchAboveAPlatformMilestoneWhoseDueDateSlips(
            RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given: 24 launches wait on the platform milestone through chains of 1 to 4 hops that
        // share milestones, each hop with two days of slack; and launches that do not wait on it
        List<MilestoneEvent> events = new ArrayList<>();
        Set<String> above = new TreeSet<>();
        events.add(f.milestone("p-identity", "team-platform", PLATFORM_DUE.toString()));
        for (int chain = 0; chain < 6; chain++) {
            String below = "p-identity";
            LocalDate due = PLATFORM_DUE;
            for (int hop = 1; hop <= 4; hop++) {
                due = due.plusDays(2);
                String launch = String.format("launch-%d-%d", chain, hop);
                events.add(f.launch(launch, "team-ads-" + chain, due.toString()));
                events.add(f.hard(launch, below));
                above.add(launch);
                String shared = String.format("m-%d-%d", chain, hop);
                events.add(f.milestone(shared, "team-" + hop, due.toString()));
                events.add(f.hard(shared, below));
                below = shared;
            }
        }
        events.addAll(List.of(
                // only advised by the platform, needed long after: SOFT moves no forecast, and no risk appears
                f.launch("launch-soft", "team-ads-x", "2027-02-01"),
                f.dependency("launch-soft", "p-identity", DependencyStrength.SOFT, "2028-01-01"),
                // waits on it through a milestone that is done already
                f.launch("launch-through-done", "team-ads-x", "2027-02-01"),
                f.milestone("m-done", "team-x", "2027-01-15"),
                f.hard("launch-through-done", "m-done"),
                f.hard("m-done", "p-identity"),
                f.status("m-done", MilestoneStatus.DONE),
                // late for reasons of its own
                f.launch("launch-elsewhere", "team-ads-y", "2027-01-10"),
                f.milestone("m-elsewhere", "team-y", "2027-01-20"),
                f.hard("launch-elsewhere", "m-elsewhere"),
                // never: waits on a cancelled milestone
                f.launch("launch-never", "team-ads-z", "2027-01-10"),
                f.declared("m-cancelled", "team-z", MilestoneKind.MILESTONE, MilestoneStatus.CANCELLED, LocalDate.parse("2027-01-01")),
                f.hard("launch-never", "m-cancelled")));
        MilestoneEvent slip = f.due("p-identity", PLATFORM_DUE.plusDays(14).toString());
        List<MilestoneEvent> after = new ArrayList<>(events);
        after.add(slip);
        Map<String, Answer> expectedBefore = new ReferenceModel(events).answers();
        Map<String, Answer> expectedAfter = new ReferenceModel(after).answers();

        try (Deployment d = new Deployment(infra, state, "slip").start()) {
            d.send(events);
            d.awaitCaughtUp();
            assertThat(d.openStoredAnswers()).isEqualTo(expectedBefore);
            d.awaitCommittedAnswersEqualStored();
            Map<String, Integer> recordsBefore = recordsPerLaunch(d.blockedLaunchRecords());

            // when: the platform milestone slips two weeks
            d.send(List.of(slip));

            // then: the stores answer as the model does, every launch above has moved
            d.awaitCaughtUp();
            assertThat(d.openStoredAnswers()).isEqualTo(expectedAfter);
            d.awaitCommittedAnswersEqualStored();
            Set<String> moved = new TreeSet<>();
            expectedAfter.forEach((id, a) -> {
                if (!a.equals(expectedBefore.get(id))) {
                    moved.add(id);
                }
            });
            assertThat(moved).as("launches whose answer the slip changes").isEqualTo(above);
            for (String launch : above) {
                assertThat(expectedAfter.get(launch).forecast().state()).isEqualTo(ForecastState.LATE);
                assertThat(expectedAfter.get(launch).forecast().date()).isAfter(expectedBefore.get(launch).forecast().date());
            }

            // and: blocked-launches got one new record for each of them, caused by the slip, and nothing else
            List<KeyValue<String, LaunchAnswer>> all = d.blockedLaunchRecords();
            Map<String, Integer> newRecords = new TreeMap<>(recordsPerLaunch(all));
            recordsBefore.forEach((id, n) -> newRecords.merge(id, -n, Integer::sum));
            newRecords.values().removeIf(n -> n == 0);
            Map<String, Integer> onePerLaunch = new TreeMap<>();
            above.forEach(id -> onePerLaunch.put(id, 1));
            assertThat(newRecords).isEqualTo(onePerLaunch);
            Map<String, LaunchAnswer> latest = new TreeMap<>();
            all.forEach(r -> latest.put(r.key, r.value));
            for (String launch : above) {
                assertThat(latest.get(launch).getCauseEventId()).isEqualTo(slip.getEventId());
                assertThat(AvroMapping.fromAvro(latest.get(launch))).isEqualTo(expectedAfter.get(launch));
            }
        }
    }

    private static Map<String, Answer> openAnswers(Deployment d) {
        Map<String, Answer> open = new TreeMap<>();
        d.storedAnswers().forEach((id, a) -> {
            if (a.getOpen()) {
                open.put(id, AvroMapping.fromAvro(a));
            }
        });
        return open;
    }

    private static Map<String, Integer> recordsPerLaunch(List<KeyValue<String, LaunchAnswer>> records) {
        Map<String, Integer> counts = new TreeMap<>();
        records.forEach(r -> counts.merge(r.key, 1, Integer::sum));
        return counts;
    }
}
