package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.Blocker;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.Forecast;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.RiskEdge;
import io.launchgraph.avro.RootBlocker;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A launch's view taken through a canonical form is the same view, naming the canonical copies. */
class ViewsTest {

    @Test
    void shouldTakeIdsTeamsAndDatesThroughTheCanonicalFormAndOtherwiseBeTheSameView() {
        // given an answer whose strings and dates are copies of the canonical ones
        Map<String, String> ids = new HashMap<>();
        Map<LocalDate, LocalDate> dates = new HashMap<>();
        for (String id : List.of("L-1", "M-1", "M-2", "team-a")) {
            ids.put(id, id);
        }
        LocalDate due = LocalDate.parse("2027-02-10");
        dates.put(due, due);
        LaunchAnswer answer = answer("2027-02-10");
        Views.Canonical canonical = Views.Canonical.sharing(ids, dates);

        // when
        Views.Launch asIs = Views.launch(answer, id -> null);
        Views.Launch shared = Views.launch(answer, id -> null, canonical);

        // then
        assertThat(shared).isEqualTo(asIs);
        assertThat(shared.launchId()).isSameAs(ids.get("L-1"));
        assertThat(shared.directBlockers().get(0).milestoneId()).isSameAs(ids.get("M-1"));
        assertThat(shared.directBlockers().get(0).teamId()).isSameAs(ids.get("team-a"));
        assertThat(shared.rootBlockers().get(0).path()).allSatisfy(id -> assertThat(id).isSameAs(ids.get(id)));
        assertThat(shared.risk().get(0).dependencyId()).isSameAs(ids.get("M-1"));
        assertThat(shared.risk().get(0).neededBy()).isSameAs(due);
        assertThat(shared.forecast().date()).isSameAs(due);
        assertThat(shared.forecast().criticalPath()).allSatisfy(id -> assertThat(id).isSameAs(ids.get(id)));
    }

    @Test
    void shouldShareWhatDidNotChangeWithTheLaunchsViewBeforeAndOtherwiseBeTheSameView() {
        // given: two successive answers of a launch; the second moved one risk edge's needed-by date
        LaunchAnswer first = answer("2027-02-10");
        LaunchAnswer second = answer("2027-03-01");
        Views.Launch previous = Views.launch(first, id -> null);

        // when
        Views.Launch now = Views.sharing(Views.launch(second, id -> null), previous);

        // then: the view of the second answer, whose unchanged parts are the first view's own
        assertThat(now).isEqualTo(Views.launch(second, id -> null));
        assertThat(now.directBlockers()).isSameAs(previous.directBlockers());
        assertThat(now.rootBlockers()).isSameAs(previous.rootBlockers());
        assertThat(now.risk().get(0)).isSameAs(previous.risk().get(0));
        assertThat(now.risk().get(1)).isNotSameAs(previous.risk().get(1)).isNotEqualTo(previous.risk().get(1));
        assertThat(now.forecast()).isSameAs(previous.forecast());
        assertThat(Views.sharing(now, null)).isSameAs(now);
    }

    /** An answer of launch L-1 whose strings are fresh copies; {@code neededBy} is that of its second risk edge. */
    private static LaunchAnswer answer(String neededBy) {
        return LaunchAnswer.newBuilder()
                .setLaunchId(copy("L-1"))
                .setOpen(true)
                .setBlocked(true)
                .setDirectBlockers(List.of(new Blocker(copy("M-1"), copy("team-a"), BlockReason.IN_PROGRESS)))
                .setRootBlockers(List.of(new RootBlocker(copy("M-2"), copy("team-a"), BlockReason.PLANNED, false, List.of(copy("L-1"), copy("M-1"), copy("M-2")))))
                .setRisk(List.of(
                        new RiskEdge(copy("L-1"), copy("M-1"), DependencyStrength.SOFT, LocalDate.parse("2027-02-10"), null),
                        new RiskEdge(copy("M-1"), copy("M-2"), DependencyStrength.SOFT, LocalDate.parse(neededBy), null)))
                .setCauseEventId("e-" + neededBy)
                .setForecast(new Forecast(ForecastState.LATE, LocalDate.parse("2027-02-10"), 3, List.of(copy("L-1"), copy("M-1"))))
                .build();
    }

    @SuppressWarnings("StringOperationCanBeSimplified")
    private static String copy(String s) {
        return new String(s);
    }
}
