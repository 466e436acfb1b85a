package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-line summaries of what changed in a launch's answer. */
class ChangeSummaryTest {

    private static Views.Launch launch(boolean blocked, List<Views.Blocker> direct, List<Views.RootBlocker> roots, Views.Forecast forecast) {
        return new Views.Launch("L", "team-l", "Launch", "PLANNED", LocalDate.parse("2027-03-01"), Map.of(), true, blocked,
                direct, roots, List.of(), forecast, null);
    }

    private static Views.Forecast onTime() {
        return new Views.Forecast("ON_TIME", LocalDate.parse("2027-03-01"), 0, List.of(), null, null);
    }

    private static Views.Forecast late(String date, int slip, String last, String team) {
        return new Views.Forecast("LATE", LocalDate.parse(date), slip, List.of("L", last), null,
                List.of(new Views.Step("L", "team-l", null, null, null, null), new Views.Step(last, team, null, null, null, null)));
    }

    private static final Views.Blocker PRIVACY = new Views.Blocker("m-privacy", "team-privacy", "PLANNED");
    private static final Views.RootBlocker ROOT = new Views.RootBlocker("m-privacy", "team-privacy", "PLANNED", false, List.of("L", "m-privacy"));

    @Test
    void shouldSayNewlyBlockedByTheTeamsOfTheDirectBlockers() {
        // when
        String summary = ChangeSummary.of(launch(false, List.of(), List.of(), onTime()), launch(true, List.of(PRIVACY), List.of(ROOT), onTime()), "PLANNED");

        // then
        assertThat(summary).isEqualTo("newly blocked by team-privacy");
    }

    @Test
    void shouldSayUnblockedAndHowTheForecastMovedWithWhereTheDelayStarts() {
        // when
        String unblocked = ChangeSummary.of(launch(true, List.of(PRIVACY), List.of(ROOT), onTime()), launch(false, List.of(), List.of(), onTime()), null);
        String slipped = ChangeSummary.of(launch(false, List.of(), List.of(), onTime()),
                launch(false, List.of(), List.of(), late("2027-03-13", 12, "m-storage-migration", "team-serving-infra")), null);
        String recovered = ChangeSummary.of(launch(false, List.of(), List.of(), late("2027-03-13", 12, "m-x", "team-x")),
                launch(false, List.of(), List.of(), onTime()), null);

        // then
        assertThat(unblocked).isEqualTo("unblocked");
        assertThat(slipped).isEqualTo("forecast +12 days (m-storage-migration, team-serving-infra)");
        assertThat(recovered).isEqualTo("forecast -12 days, on time again");
    }

    @Test
    void shouldNameANewRootCauseAndALaunchThatOpenedOrClosed() {
        // given
        Views.RootBlocker other = new Views.RootBlocker("m-billing", "team-billing", "AT_RISK", false, List.of("L", "m-privacy", "m-billing"));

        // when
        String newRoot = ChangeSummary.of(launch(true, List.of(PRIVACY), List.of(ROOT), onTime()),
                launch(true, List.of(PRIVACY), List.of(ROOT, other), onTime()), null);
        String opened = ChangeSummary.of(null, launch(true, List.of(PRIVACY), List.of(ROOT), onTime()), "PLANNED");
        String closed = ChangeSummary.of(launch(false, List.of(), List.of(), onTime()), null, "DONE");

        // then
        assertThat(newRoot).isEqualTo("new root cause m-billing (team-billing)");
        assertThat(opened).isEqualTo("newly open; blocked by team-privacy; on time for 2027-03-01");
        assertThat(closed).isEqualTo("no longer open (done)");
    }

    @Test
    void shouldSayWhyAForecastCanNoLongerBeGiven() {
        // given
        Views.Forecast never = new Views.Forecast("NEVER", null, null, List.of("L", "m-a"), "CYCLE", null);

        // when
        String summary = ChangeSummary.of(launch(false, List.of(), List.of(), onTime()), launch(false, List.of(), List.of(), never), null);

        // then
        assertThat(summary).isEqualTo("never as planned (cycle: m-a)");
    }
}
