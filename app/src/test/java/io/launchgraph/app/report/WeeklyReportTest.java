package io.launchgraph.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.app.http.Views;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeeklyReportTest {
    private static final Instant SINCE = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    private static Views.Forecast late(String date, int days, String... path) {
        List<Views.Step> steps = java.util.Arrays.stream(path)
                .map(id -> new Views.Step(id, "team-of-" + id, id, "PLANNED", null, null)).toList();
        return new Views.Forecast("LATE", LocalDate.parse(date), days, List.of(path), null, steps);
    }

    private static Views.Forecast onTime(String date) {
        return new Views.Forecast("ON_TIME", LocalDate.parse(date), 0, List.of(), null, List.of());
    }

    private static Views.Launch launch(String id, boolean blocked, Views.Forecast f, List<Views.RootBlocker> roots, List<Views.Risk> risk) {
        List<Views.Blocker> direct = blocked ? List.of(new Views.Blocker("m-" + id, "team-x", "PLANNED")) : List.of();
        return new Views.Launch(id, "team-" + id, "Launch " + id, "PLANNED", LocalDate.parse("2027-01-01"), Map.of(), true, blocked,
                direct, roots, risk, f, null);
    }

    private static Views.RootBlocker cycleRoot(String m) {
        return new Views.RootBlocker(m, "team-" + m, "PLANNED", true, List.of());
    }

    @Test
    void shouldCountSortAndGroupFromTheAnswersAlone() {
        // given: A newly blocked and slipped 10 days at m-deep; B unblocked and 3 days earlier; C on two cycles, one new
        Views.Launch aThen = launch("A", false, onTime("2027-01-01"), List.of(), List.of());
        Views.Launch aNow = launch("A", true, late("2027-01-11", 10, "A", "m-mid", "m-deep"), List.of(),
                List.of(new Views.Risk("A", "m-deep", "HARD", LocalDate.parse("2026-12-20"), LocalDate.parse("2026-12-30"))));
        Views.Launch bThen = launch("B", true, late("2027-01-04", 3, "B", "m-b"), List.of(), List.of());
        Views.Launch bNow = launch("B", false, onTime("2027-01-01"), List.of(), List.of());
        Views.Launch cThen = launch("C", true, new Views.Forecast("NEVER", null, null, List.of("C", "x1"), "CYCLE", null),
                List.of(cycleRoot("x1"), cycleRoot("x2")), List.of());
        Views.Launch cNow = launch("C", true, new Views.Forecast("NEVER", null, null, List.of("C", "x1"), "CYCLE", null),
                List.of(cycleRoot("x1"), cycleRoot("x2"), cycleRoot("y1"), cycleRoot("y2")),
                List.of(new Views.Risk("C", "m-undated", "HARD", LocalDate.parse("2026-12-20"), null)));
        Views.Changes changes = new Views.Changes(List.of(
                new Views.Change("A", aThen, aNow, "newly blocked by team-x"),
                new Views.Change("B", bThen, bNow, "unblocked; forecast -3 days, on time again"),
                new Views.Change("C", cThen, cNow, "new root cause y1")), 0);
        // (and D, whose NEVER path ends at z1 of a cycle that is not at the bottom of its subgraph)
        Views.Launch dNow = launch("D", true, new Views.Forecast("NEVER", null, null, List.of("D", "z1"), "CYCLE", null), List.of(), List.of());
        List<List<String>> loops = List.of(List.of("x1", "x2"), List.of("y1", "y2"), List.of("z1", "z2"));
        Map<String, String> teamOf = Map.of("x1", "team-x", "x2", "team-x", "y1", "team-y", "y2", "team-z", "z1", "team-z", "z2", "team-z");

        // when
        WeeklyReport r = WeeklyReport.of(SINCE, NOW, "all launches", List.of(aNow, bNow, cNow, dNow), List.of(aThen, bThen, cThen), changes,
                loops, teamOf);

        // then
        assertThat(r.then()).isEqualTo(new WeeklyReport.Counts(3, 2, 1, 1, 0));
        assertThat(r.now()).isEqualTo(new WeeklyReport.Counts(4, 3, 1, 2, 0));
        assertThat(r.newlyBlocked()).extracting(WeeklyReport.LaunchLine::launchId).containsExactly("A");
        assertThat(r.unblocked()).extracting(WeeklyReport.LaunchLine::launchId).containsExactly("B");
        assertThat(r.slipped()).singleElement().isEqualTo(new WeeklyReport.Move("A", "Launch A", "team-A", 10,
                "2027-01-01 (on time)", "2027-01-11 (+10d)", "m-deep", "team-of-m-deep"));
        assertThat(r.recovered()).singleElement().satisfies(m -> {
            assertThat(m.days()).isEqualTo(-3);
            assertThat(m.delayAt()).isEqualTo("m-b");
        });
        assertThat(r.cycles()).extracting(c -> c.milestones() + " " + c.teams() + " " + c.launches() + " " + c.isNew()).containsExactly(
                "[x1, x2] [team-x] [C] false", "[y1, y2] [team-y, team-z] [C] true", "[z1, z2] [team-z] [D] true");
        assertThat(r.teams()).extracting(t -> t.teamId() + " " + t.blocking() + " " + t.delaying() + " " + t.slipDays())
                .startsWith("team-x 3 0 0").contains("team-of-m-deep 0 1 10", "team-of-m-mid 0 1 10");
        assertThat(r.risks()).extracting(x -> x.dependencyId() + " " + x.daysLate()).containsExactly("m-undated null", "m-deep 10");
    }

    @Test
    void shouldSayTheSameInMarkdownAndHtmlAndEscapeWhatWouldBeMarkup() {
        // given: a launch whose id and name look like markup
        Views.Launch then = launch("l_*1*|<b>", false, onTime("2027-01-01"), List.of(), List.of());
        Views.Launch now = launch("l_*1*|<b>", true, onTime("2027-01-01"), List.of(), List.of());
        WeeklyReport r = WeeklyReport.of(SINCE, NOW, "launches of team-<x>", List.of(now), List.of(then),
                new Views.Changes(List.of(new Views.Change(now.launchId(), then, now, "newly blocked by team-x")), 0), List.of(), Map.of());

        // when
        String md = ReportRenderer.markdown(r);
        String html = ReportRenderer.html(r);

        // then
        assertThat(md).contains("# Launch status: launches of team-\\<x\\>", "## Newly blocked (1)", "- l\\_\\*1\\*\\|\\<b\\> (", "| Blocked | 0 | 1 | +1 |");
        assertThat(html).contains("<title>Launch status: launches of team-&lt;x&gt;</title>", "<h2>Newly blocked (1)</h2>",
                "<li>l_*1*|&lt;b&gt; (", "<td>Blocked</td><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">+1</td>");
        assertThat(html).doesNotContain("<b>");
        for (String section : List.of("Headline", "Forecasts that slipped (0)", "Cycles that need a decision (0)", "Risks")) {
            assertThat(md).contains(section);
            assertThat(html).contains(section);
        }
    }
}
