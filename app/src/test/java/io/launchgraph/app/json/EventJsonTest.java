package io.launchgraph.app.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.testing.Facts;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {
    private final Facts f = new Facts();

    @Test
    void shouldReadBackEveryEventItWrites() {
        // given
        List<MilestoneEvent> events = List.of(
                f.declared("m", "t", MilestoneKind.LAUNCH, MilestoneStatus.AT_RISK, LocalDate.parse("2026-12-01")),
                f.milestone("n", "t"),
                f.status("m", MilestoneStatus.DONE),
                f.due("m", "2027-01-31"),
                f.due("m", null),
                f.retire("m"),
                f.dependency("m", "n", DependencyStrength.SOFT, "2026-12-24"),
                f.hard("m", "n"),
                f.remove("m", "n"));

        // then
        for (MilestoneEvent e : events) {
            EventJson.Parsed back = EventJson.parse(EventJson.toJson(e).toString());
            assertThat(back).as("%s", EventJson.toJson(e)).isEqualTo(new EventJson.Accepted(e));
        }
    }

    @Test
    void shouldTruncateFractionsToTheMillisecondAndTreatNullAsAbsent() {
        // when
        EventJson.Parsed parsed = EventJson.parse("{\"type\":\"MilestoneDueDateChanged\",\"eventId\":\"e\","
                + "\"occurredAt\":\"2026-10-01T12:00:00.123999999+02:00\",\"source\":\"s\",\"milestoneId\":\"m\",\"dueDate\":null}");

        // then
        MilestoneEvent e = ((EventJson.Accepted) parsed).event();
        assertThat(e.getOccurredAt()).isEqualTo("2026-10-01T10:00:00.123Z");
        assertThat(((io.launchgraph.avro.MilestoneDueDateChanged) e.getEvent()).getDueDate()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"MilestoneRetired\",\"eventId\":\"e\",\"occurredAt\":\"2026-10-01T12:00:00Z\",\"source\":\"s\",\"milestoneId\":\"m\",\"note\":\"x\"}|unknown_field",
        "{\"type\":\"MilestoneRetired\",\"eventId\":5,\"occurredAt\":\"2026-10-01T12:00:00Z\",\"source\":\"s\",\"milestoneId\":\"m\"}|bad_type",
        "[1,2]|undecodable",
        "{\"type\":\"MilestoneRetired\",\"type\":\"MilestoneRetired\"}|undecodable",
        "{\"eventId\":\"e\"}|missing_field",
        "{\"type\":\"MilestoneRetired\",\"eventId\":\"e\",\"occurredAt\":\"2026-10-01T12:00:00Z\",\"source\":\"s\",\"milestoneId\":\"m\"} {}|undecodable"
    })
    void shouldRefuseWithAReason(String caseLine) {
        // given
        String[] parts = caseLine.split("\\|");

        // when
        EventJson.Parsed parsed = EventJson.parse(parts[0]);

        // then
        assertThat(parsed).isInstanceOfSatisfying(EventJson.Refused.class, r -> assertThat(r.rejection().code()).isEqualTo(parts[1]));
    }
}
