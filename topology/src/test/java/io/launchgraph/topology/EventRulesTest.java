package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneRetired;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventRulesTest {
    private static final Instant AT = Instant.parse("2026-10-01T12:00:00Z");

    private static MilestoneEvent retired(String milestoneId) {
        return new MilestoneEvent("e1", AT, "src", new MilestoneRetired(milestoneId));
    }

    private static String code(MilestoneEvent e) {
        return EventRules.check(e).map(Rejection::code).orElse("ok");
    }

    @ParameterizedTest(name = "id \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "m-1|ok",
            "!~{}[]()<>|ok",
            "''|id_empty",
            "has space|id_space",
            "tab\there|id_control",
            "del\u007fchar|id_control",
            "caf\u00e9|id_non_ascii",
            "zero\u200bwidth|id_non_ascii"
    })
    void shouldApplyTheIdRule(String id, String expected) {
        assertThat(code(retired(id))).isEqualTo(expected);
    }

    @Test
    void shouldAcceptIdsOfUpTo200CharactersOnly() {
        assertThat(code(retired("x".repeat(200)))).isEqualTo("ok");
        assertThat(code(retired("x".repeat(201)))).isEqualTo(EventRules.ID_TOO_LONG);
    }

    @Test
    void shouldApplyTheIdRuleToEventIdSourceAndTeam() {
        assertThat(code(new MilestoneEvent("", AT, "src", new MilestoneRetired("m")))).isEqualTo(EventRules.ID_EMPTY);
        assertThat(code(new MilestoneEvent("e", AT, " src", new MilestoneRetired("m")))).isEqualTo(EventRules.ID_SPACE);
        MilestoneDeclared badTeam = new MilestoneDeclared("m", "team a", "n", MilestoneKind.LAUNCH, null, null, null);
        assertThat(code(new MilestoneEvent("e", AT, "src", badTeam))).isEqualTo(EventRules.ID_SPACE);
    }

    @Test
    void shouldCountTextLengthInCharactersNotBytesOrUtf16Units() {
        // given: 1,000 rockets are 1,000 characters, 2,000 UTF-16 units and 4,000 bytes
        String rockets = "\uD83D\uDE80".repeat(1000);

        // then
        assertThat(code(declared(rockets, Map.of()))).isEqualTo("ok");
        assertThat(code(declared(rockets + "!", Map.of()))).isEqualTo(EventRules.TEXT_TOO_LONG);
        assertThat(code(declared("n", Map.of("note", "x".repeat(1001))))).isEqualTo(EventRules.TEXT_TOO_LONG);
    }

    @Test
    void shouldRejectSelfDependencies() {
        assertThat(code(new MilestoneEvent("e", AT, "s", new DependencyDeclared("a", "a", DependencyStrength.HARD, null))))
                .isEqualTo(EventRules.SELF_DEPENDENCY);
        assertThat(code(new MilestoneEvent("e", AT, "s", new DependencyRemoved("a", "a")))).isEqualTo(EventRules.SELF_DEPENDENCY);
    }

    @Test
    void shouldRejectDatesAndInstantsOutsideFourDigitYears() {
        MilestoneDeclared farFuture = new MilestoneDeclared("m", "t", "n", MilestoneKind.MILESTONE, LocalDate.of(10_000, 1, 1), null, null);
        assertThat(code(new MilestoneEvent("e", AT, "s", farFuture))).isEqualTo(EventRules.BAD_DATE);
        assertThat(code(new MilestoneEvent("e", Instant.parse("+10000-01-01T00:00:00Z"), "s", new MilestoneRetired("m"))))
                .isEqualTo(EventRules.BAD_INSTANT);
    }

    @Test
    void shouldNameTheEntityOfEachEvent() {
        assertThat(EventRules.entityId(retired("m-1"))).isEqualTo("m-1");
        assertThat(EventRules.entityId(new MilestoneEvent("e", AT, "s", new DependencyRemoved("dependent", "dependency"))))
                .isEqualTo("dependent");
    }

    private static MilestoneEvent declared(String name, Map<String, String> labels) {
        return new MilestoneEvent("e", AT, "s", new MilestoneDeclared("m", "t", name, MilestoneKind.MILESTONE, null, null, labels));
    }
}
