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

    /** A store of answers that counts its reads. */
    private final Map<String, Views.Launch> store = new java.util.TreeMap<>();
    private final List<String> reads = new java.util.ArrayList<>();

    private List<ReadyLaunch> list() {
        return ready.all(each -> {
            reads.add("*");
            store.forEach(each::accept);
        }, id -> {
            reads.add(id);
            return Optional.ofNullable(store.get(id));
        });
    }

    private static Map<String, Boolean> blocked(List<ReadyLaunch> launches) {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        launches.forEach(r -> out.put(r.summary().launchId(), r.summary().blocked()));
        return out;
    }

    @Test
    void shouldReadTheListOnceAndThenOnlyTheLaunchesNamedAsChanged() {
        // given
        store.put("A", launch("A", true));
        store.put("B", launch("B", true));
        list();

        // when A changes, C appears and B goes, then nothing changes
        store.put("A", launch("A", false));
        store.put("C", launch("C", true));
        store.remove("B");
        ready.launchesChanged(List.of("A", "C", "B"));
        Map<String, Boolean> changed = blocked(list());
        Map<String, Boolean> again = blocked(list());

        // then
        assertThat(changed).isEqualTo(Map.of("A", false, "C", true));
        assertThat(again).isEqualTo(changed);
        assertThat(reads).hasSize(4).startsWith("*").containsExactlyInAnyOrder("*", "A", "B", "C");
    }

    @Test
    void shouldReadAgainALaunchNamedWhileTheListWasRead() {
        // given a change named while the whole list is read (the graph task wrote meanwhile)
        store.put("A", launch("A", true));
        ready.all(each -> {
            each.accept("A", launch("A", true));
            store.put("A", launch("A", false));
            ready.launchesChanged(List.of("A"));
        }, id -> Optional.ofNullable(store.get(id)));

        // when
        Map<String, Boolean> after = blocked(list());

        // then
        assertThat(after).isEqualTo(Map.of("A", false));
        assertThat(reads).containsExactly("A");
    }

    @Test
    void shouldReadTheWholeListAgainWhenTheStoresAreReplaced() {
        // given
        store.put("A", launch("A", true));
        list();

        // when
        store.put("A", launch("A", false));
        ready.storesReplaced();
        Map<String, Boolean> after = blocked(list());

        // then
        assertThat(after).isEqualTo(Map.of("A", false));
        assertThat(reads).containsExactly("*", "*");
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
