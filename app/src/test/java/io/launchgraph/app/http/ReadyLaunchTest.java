package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ready bytes are exactly what Jackson writes for the view, whole, projected and in lists. */
class ReadyLaunchTest {
    private static Views.Launch blockedLate() {
        return new Views.Launch("L-1", "team-ads", "Ads in \"Brazil\" — ü", "IN_PROGRESS", LocalDate.parse("2027-03-01"),
                Map.of("region", "latam"), true, true,
                List.of(new Views.Blocker("M-1", "team-a", "NOT_DONE")),
                List.of(new Views.RootBlocker("M-9", null, "CYCLE", true, List.of("L-1", "M-1", "M-9"))),
                List.of(new Views.Risk("L-1", "M-1", "HARD", LocalDate.parse("2027-02-01"), null)),
                new Views.Forecast("NEVER", null, null, List.of("L-1", "M-9"), "CYCLE",
                        List.of(new Views.Step("M-9", "team-b", "Nine", "BLOCKED", null, new Views.Schedule("NEVER", null, null)))),
                "e-42");
    }

    private static Views.Launch undeclaredClosed() {
        return new Views.Launch("L-2", null, null, null, null, Map.of(), false, false, List.of(), List.of(), List.of(), null, null);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteAWholeLaunchAsJacksonDoes() throws Exception {
        for (Views.Launch view : List.of(blockedLate(), undeclaredClosed())) {
            // when
            byte[] ready = ReadyLaunch.of(view).json(null);

            // then
            assertThat(text(ready)).isEqualTo(HttpApi.JSON.writeValueAsString(view));
        }
    }

    @Test
    void shouldWriteAProjectionAsJacksonWritesTheFieldsAskedForInTheirOrder() throws Exception {
        // given
        List<String> asked = List.of("forecast", "launchId", "dueDate", "causeEventId");
        int[] fields = asked.stream().mapToInt(ReadyLaunch::fieldIndex).toArray();
        Views.Launch view = blockedLate();
        Map<String, Object> expected = new LinkedHashMap<>();
        for (String name : asked) {
            expected.put(name, Views.Launch.class.getMethod(name).invoke(view));
        }

        // when
        byte[] ready = ReadyLaunch.of(view).json(fields);

        // then
        assertThat(text(ready)).isEqualTo(HttpApi.JSON.writeValueAsString(expected));
    }

    @Test
    void shouldWriteAListAsJacksonWritesTheList() throws Exception {
        // given
        List<Views.Launch> views = List.of(blockedLate(), undeclaredClosed());
        List<ReadyLaunch> ready = views.stream().map(ReadyLaunch::of).toList();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        // when
        ReadyLaunch.writeArray(out, ready, null);

        // then
        assertThat(text(out.toByteArray())).isEqualTo(HttpApi.JSON.writeValueAsString(views));
        java.io.ByteArrayOutputStream empty = new java.io.ByteArrayOutputStream();
        ReadyLaunch.writeArray(empty, List.of(), null);
        assertThat(text(empty.toByteArray())).isEqualTo("[]");
    }

    @Test
    void shouldKeepInTheSummaryWhatListsFilterSortAndCountBy() {
        // given
        Views.Launch view = blockedLate();

        // when
        Views.Launch summary = ReadyLaunch.of(view).summary();

        // then: everything but the blockers, the risks and the path
        List<String> same = new ArrayList<>();
        for (RecordComponent c : Views.Launch.class.getRecordComponents()) {
            same.add(c.getName());
        }
        same.removeAll(List.of("directBlockers", "rootBlockers", "risk", "forecast"));
        assertThat(summary).usingRecursiveComparison().comparingOnlyFields(same.toArray(String[]::new)).isEqualTo(view);
        assertThat(summary.directBlockers()).isEmpty();
        assertThat(summary.forecast().state()).isEqualTo("NEVER");
        assertThat(summary.forecast().criticalPath()).isEmpty();
        assertThat(summary.slipDays()).isEqualTo(view.slipDays());
    }

    @Test
    void shouldProjectAChangeOnTheStreamAsTheListsProjectItsLaunch() throws Exception {
        // given a change of the live stream and a dashboard's fields
        int[] fields = java.util.stream.Stream.of("launchId", "blocked", "forecast").mapToInt(ReadyLaunch::fieldIndex).toArray();
        LiveFeed.LiveChange change = new LiveFeed.LiveChange("L-1", "team-ads", Map.of("region", "latam"), List.of("newly-blocked"), "L-1 blocked",
                java.time.Instant.parse("2026-12-03T10:00:00Z"), new LiveFeed.LiveBefore(false, "ON_TIME", LocalDate.parse("2027-03-01"), 0),
                blockedLate());
        LiveFeed.LiveChange closed = new LiveFeed.LiveChange("L-2", null, Map.of(), List.of("closed"), "L-2 closed",
                java.time.Instant.parse("2026-12-03T10:00:01Z"), null, null);

        // when
        var whole = HttpApi.JSON.readTree(HttpApi.JSON.writeValueAsString(change));
        var projected = HttpApi.JSON.readTree(HttpApi.JSON.writeValueAsString(LiveResource.ProjectedChange.of(change, fields)));
        var projectedClosed = HttpApi.JSON.readTree(HttpApi.JSON.writeValueAsString(LiveResource.ProjectedChange.of(closed, fields)));

        // then the answer has only those fields, in that order, as a list writes them, and the rest of the change is whole
        assertThat(HttpApi.JSON.writeValueAsString(projected.get("answer"))).isEqualTo(text(ReadyLaunch.of(blockedLate()).json(fields)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) whole).remove("answer");
        ((com.fasterxml.jackson.databind.node.ObjectNode) projected).remove("answer");
        assertThat(projected).isEqualTo(whole);
        assertThat(projectedClosed.get("answer").isNull()).isTrue();
        assertThat(projectedClosed.get("launchId").asText()).isEqualTo("L-2");
    }
}
