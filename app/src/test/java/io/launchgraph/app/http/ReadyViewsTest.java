package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Views are built once between two changes of the stores, and never served across a change. */
class ReadyViewsTest {
    private final ReadyViews ready = new ReadyViews();
    private final AtomicInteger builds = new AtomicInteger();

    private static Views.Launch launch(String id, boolean blocked) {
        return new Views.Launch(id, "t", id, "PLANNED", null, Map.of(), true, blocked, List.of(), List.of(), List.of(), null, null);
    }

    private Optional<Views.Launch> build(Views.Launch view) {
        builds.incrementAndGet();
        return Optional.of(view);
    }

    @Test
    void shouldBuildALaunchOnceUntilTheStoresChange() {
        // given
        ready.launch("L", () -> build(launch("L", true)));

        // when read again without a change, then after one
        boolean kept = ready.launch("L", () -> build(launch("L", false))).orElseThrow().summary().blocked();
        ready.storesChanged();
        boolean rebuilt = ready.launch("L", () -> build(launch("L", false))).orElseThrow().summary().blocked();

        // then
        assertThat(kept).isTrue();
        assertThat(rebuilt).isFalse();
        assertThat(builds).hasValue(2);
    }

    @Test
    void shouldNotServeAViewWhoseReadsOverlappedAChange() {
        // given a build during which the stores change (the graph task wrote while it read)
        ready.launch("L", () -> {
            ready.storesChanged();
            return build(launch("L", true));
        });

        // when
        boolean after = ready.launch("L", () -> build(launch("L", false))).orElseThrow().summary().blocked();

        // then
        assertThat(after).isFalse();
        assertThat(builds).hasValue(2);
    }

    @Test
    void shouldNotKeepWhatIsNotThere() {
        // given
        ready.launch("L", () -> {
            builds.incrementAndGet();
            return Optional.empty();
        });

        // when
        Optional<ReadyLaunch> found = ready.launch("L", () -> build(launch("L", true)));

        // then
        assertThat(found).isPresent();
        assertThat(builds).hasValue(2);
    }

    @Test
    void shouldBuildTheListOnceUntilTheStoresChange() {
        // given
        List<ReadyLaunch> first = ready.all(() -> {
            builds.incrementAndGet();
            return List.of(launch("A", true), launch("B", false));
        });

        // when
        List<ReadyLaunch> again = ready.all(() -> {
            builds.incrementAndGet();
            return List.of();
        });
        ready.storesChanged();
        List<ReadyLaunch> changed = ready.all(() -> {
            builds.incrementAndGet();
            return List.of(launch("A", false));
        });

        // then
        assertThat(again).isSameAs(first).hasSize(2);
        assertThat(changed).singleElement().satisfies(r -> assertThat(r.summary().blocked()).isFalse());
        assertThat(builds).hasValue(2);
    }

    @Test
    void shouldWriteATeamOnceUntilTheStoresChange() throws Exception {
        // given
        Views.TeamBlocking one = new Views.TeamBlocking("t", 1, List.of(new Views.TeamLaunch("L", "L", "PLANNED", null, List.of("M"))));
        Views.TeamBlocking none = new Views.TeamBlocking("t", 0, List.of());
        ready.team("t", () -> one);

        // when
        byte[] kept = ready.team("t", () -> none);
        ready.storesChanged();
        byte[] changed = ready.team("t", () -> none);

        // then
        assertThat(kept).isEqualTo(HttpApi.JSON.writeValueAsBytes(one));
        assertThat(changed).isEqualTo(HttpApi.JSON.writeValueAsBytes(none));
    }
}
