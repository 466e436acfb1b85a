package io.launchgraph.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventBatchTest {
    private static final String A = "{\"type\":\"MilestoneRetired\",\"eventId\":\"a\",\"occurredAt\":\"2026-10-01T12:00:00Z\",\"source\":\"s\",\"milestoneId\":\"m\"}";
    private static final String B = "{\"type\":\"MilestoneRetired\",\"eventId\":\"b\",\"occurredAt\":\"2026-10-01T12:00:00Z\",\"source\":\"s\",\"milestoneId\":\"n\"}";

    private static EventBatch parse(String body, boolean lines) {
        return EventBatch.parse(body.getBytes(StandardCharsets.UTF_8), lines, 3);
    }

    @Test
    void shouldTakeOneEventAnArrayOrJsonLines() {
        assertThat(parse(A, false).events()).hasSize(1);
        assertThat(parse("[" + A + "," + B + "]", false).events()).hasSize(2);
        assertThat(parse(A + "\n\n" + B + "\n", true).events()).hasSize(2);
    }

    @Test
    void shouldReportEveryRefusedEventWithItsLine() {
        // when
        EventBatch batch = parse(A + "\n{\"type\":\"Nope\"}\n" + B.replace("\"n\"", "\"has space\""), true);

        // then
        assertThat(batch.accepted()).isFalse();
        assertThat(batch.problems()).extracting(p -> p.line() + ":" + p.rejection().code())
                .containsExactly("2:unknown_type", "3:id_space");
    }

    @Test
    void shouldRefuseMoreEventsThanTheLimitEmptyBodiesAndBrokenJson() {
        assertThat(parse("[" + A + "," + A + "," + A + "," + A + "]", false).problems())
                .singleElement().satisfies(p -> assertThat(p.rejection().code()).isEqualTo("too_many_events"));
        assertThat(parse("", false).problems()).singleElement().satisfies(p -> assertThat(p.rejection().message()).contains("empty body"));
        assertThat(parse(A + "\n" + B, false).problems())
                .singleElement().satisfies(p -> assertThat(p.rejection().message()).contains("application/x-ndjson"));
    }
}
