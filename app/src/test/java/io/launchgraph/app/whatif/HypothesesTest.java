package io.launchgraph.app.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.app.ingest.EventBatch;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.topology.WhatIf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HypothesesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static EventBatch.Items<WhatIf.Hypothesis> parse(String body, boolean jsonLines) {
        return Hypotheses.parse(body.getBytes(StandardCharsets.UTF_8), jsonLines, NOW);
    }

    @Test
    void shouldReadShorthandsAndEventsWithoutTheirHeader() {
        // given
        String body = """
                [{"slip": {"milestoneId": "m-storage", "days": -3}},
                 {"done": "m-app"},
                 {"remove": {"dependentId": "L", "dependencyId": "m-app"}},
                 {"type": "MilestoneStatusChanged", "milestoneId": "m-app", "status": "AT_RISK"}]""";

        // when
        EventBatch.Items<WhatIf.Hypothesis> items = parse(body, false);

        // then
        assertThat(items.problems()).isEmpty();
        assertThat(items.values()).hasSize(4);
        assertThat(items.values().get(0)).isEqualTo(new WhatIf.Slip("m-storage", -3));
        assertThat(items.values().get(1)).isEqualTo(new WhatIf.Done("m-app"));
        assertThat(items.values().get(2)).isEqualTo(new WhatIf.Remove("L", "m-app"));
        assertThat(items.values().get(3)).isInstanceOfSatisfying(WhatIf.Event.class, e -> {
            assertThat(e.event().getEventId()).isEqualTo("what-if-3");
            assertThat(e.event().getOccurredAt()).isEqualTo(NOW);
            assertThat(e.event().getSource()).isEqualTo("what-if");
            assertThat(e.event().getEvent()).isInstanceOf(MilestoneStatusChanged.class);
        });
    }

    @Test
    void shouldRefuseBadHypothesesWithTheReasonAndTheirIndexOrLine() {
        // given
        String body = """
                {"slip": {"milestoneId": "m-storage"}}
                {"done": 7}
                {"remove": {"dependentId": "L"}}
                {"type": "DependencyDeclared", "dependentId": "L", "dependencyId": "L", "strength": "HARD"}
                {"done": "has space"}
                {"done": "m", "slip": {"milestoneId": "m", "days": 1}}
                not json
                """;

        // when
        EventBatch.Items<WhatIf.Hypothesis> items = parse(body, true);

        // then
        assertThat(items.values()).isEmpty();
        assertThat(items.problems()).extracting(p -> p.line() + " " + p.rejection().code()).containsExactly(
                "1 bad_type", "2 bad_type", "3 missing_field", "4 self_dependency", "5 id_space", "6 unknown_field", "7 undecodable");
    }
}
