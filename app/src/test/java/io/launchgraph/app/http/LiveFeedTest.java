package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What kind of change a new answer is, and which live changes a reader's filter keeps. */
class LiveFeedTest {
    private static final Views.RootBlocker PRIVACY = new Views.RootBlocker("m-privacy", "team-privacy", "PLANNED", false, List.of("L", "m-privacy"));
    private static final Views.RootBlocker BILLING = new Views.RootBlocker("m-billing", "team-billing", "PLANNED", false, List.of("L", "m-billing"));

    private static Views.Launch launch(boolean blocked, List<Views.RootBlocker> roots, String forecast, String date) {
        return new Views.Launch("L", "team-l", "Launch", "PLANNED", LocalDate.parse("2027-03-01"), Map.of("market", "DE"), true, blocked,
                List.of(), roots, List.of(), new Views.Forecast(forecast, date == null ? null : LocalDate.parse(date), null, List.of(), null, null),
                null);
    }

    private static LiveFeed.LiveChange change(Views.Launch before, Views.Launch after) {
        return new LiveFeed.LiveChange("L", "team-l", Map.of("market", "DE"), LiveFeed.kinds(before, after), "", Instant.EPOCH,
                before == null ? null : new LiveFeed.LiveBefore(before.blocked(), before.forecast().state(), before.forecast().date(), null),
                after);
    }

    @Test
    void shouldNameEachKindOfChange() {
        // given
        Views.Launch free = launch(false, List.of(), "ON_TIME", "2027-03-01");
        Views.Launch blocked = launch(true, List.of(PRIVACY), "ON_TIME", "2027-03-01");
        Views.Launch moreBlocked = launch(true, List.of(PRIVACY, BILLING), "LATE", "2027-03-20");

        // when / then
        assertThat(LiveFeed.kinds(null, free)).containsExactly("newly-open");
        assertThat(LiveFeed.kinds(free, null)).containsExactly("closed");
        assertThat(LiveFeed.kinds(free, blocked)).containsExactly("newly-blocked");
        assertThat(LiveFeed.kinds(blocked, free)).containsExactly("unblocked");
        assertThat(LiveFeed.kinds(blocked, moreBlocked)).containsExactly("new-root-cause", "forecast-moved");
        assertThat(LiveFeed.kinds(moreBlocked, launch(true, List.of(PRIVACY), "LATE", "2027-03-20"))).containsExactly("changed");
    }

    @Test
    void shouldKeepOnlyWhatTheReaderFollows() {
        // given
        Views.Launch free = launch(false, List.of(), "ON_TIME", "2027-03-01");
        Views.Launch blocked = launch(true, List.of(PRIVACY), "ON_TIME", "2027-03-01");
        Views.Launch late = launch(false, List.of(), "LATE", "2027-03-09");
        LiveFeed.LiveChange unblocked = change(blocked, free);
        LiveFeed.LiveChange slipped = change(free, late);

        // when / then: team, labels and launch ids of the launch
        assertThat(LiveFeed.Filter.ALL.test(unblocked)).isTrue();
        assertThat(new LiveFeed.Filter("team-l", Map.of("market", "DE"), Set.of("L"), null).test(unblocked)).isTrue();
        assertThat(new LiveFeed.Filter("team-x", null, null, null).test(unblocked)).isFalse();
        assertThat(new LiveFeed.Filter(null, Map.of("market", "FR"), null, null).test(unblocked)).isFalse();
        assertThat(new LiveFeed.Filter(null, null, Set.of("other"), null).test(unblocked)).isFalse();
        // blocked before or after; late (or never) before or after
        assertThat(new LiveFeed.Filter(null, null, null, "blocked").test(unblocked)).isTrue();
        assertThat(new LiveFeed.Filter(null, null, null, "blocked").test(slipped)).isFalse();
        assertThat(new LiveFeed.Filter(null, null, null, "late").test(slipped)).isTrue();
        assertThat(new LiveFeed.Filter(null, null, null, "late").test(change(late, null))).isTrue();
        assertThat(new LiveFeed.Filter(null, null, null, "late").test(unblocked)).isFalse();
        assertThatThrownBy(() -> new LiveFeed.Filter(null, null, null, "slow")).hasMessageContaining("blocked or late");
    }
}
