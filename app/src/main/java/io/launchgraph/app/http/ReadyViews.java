package io.launchgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.launchgraph.topology.StoresListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Launch views kept ready to send between changes of this instance's stores. Answers are read far
 * more often than they change: a launch's answer, or the list of all, is built from the stores
 * once, and sent as bytes until the graph task says the stores changed.
 *
 * <p>Every change counts up a generation; what is kept belongs to a shelf of the generation that
 * was current when its reads began. A shelf whose generation has passed is never handed out again,
 * so a view built from reads that overlapped a change is never served after that change.
 */
public final class ReadyViews implements StoresListener {
    private final AtomicLong generation = new AtomicLong();
    private volatile Shelf shelf = new Shelf(0);

    /** What was built during one generation. */
    private static final class Shelf {
        final long generation;
        final ConcurrentHashMap<String, ReadyLaunch> launches = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, byte[]> teams = new ConcurrentHashMap<>();
        /** Every launch with an answer (guarded by the shelf). */
        List<ReadyLaunch> all;

        Shelf(long generation) {
            this.generation = generation;
        }
    }

    @Override
    public void storesChanged() {
        generation.incrementAndGet();
    }

    /** One launch's view (its critical path told step by step) ready to send; {@code build} reads it from the stores when needed. */
    Optional<ReadyLaunch> launch(String id, Supplier<Optional<Views.Launch>> build) {
        Shelf s = current();
        ReadyLaunch kept = s.launches.get(id);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<ReadyLaunch> built = build.get().map(ReadyLaunch::of);
        built.ifPresent(r -> s.launches.put(id, r));
        return built;
    }

    /** The JSON of a team's blocked launches; {@code build} reads them from the stores when needed. */
    byte[] team(String id, Supplier<Views.TeamBlocking> build) {
        Shelf s = current();
        byte[] kept = s.teams.get(id);
        if (kept != null) {
            return kept;
        }
        byte[] built;
        try {
            built = HttpApi.JSON.writeValueAsBytes(build.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the blocked launches of team " + id, e);
        }
        s.teams.put(id, built);
        return built;
    }

    /** Every launch with an answer, ready to send; {@code build} reads them from the stores when needed (once per generation). */
    List<ReadyLaunch> all(Supplier<List<Views.Launch>> build) {
        Shelf s = current();
        synchronized (s) {
            if (s.all == null) {
                s.all = build.get().stream().map(ReadyLaunch::of).toList();
            }
            return s.all;
        }
    }

    private Shelf current() {
        long g = generation.get();
        Shelf s = shelf;
        if (s.generation != g) {
            // Only the newest generation is ever looked up, so the old shelf and all it holds go at once.
            s = new Shelf(g);
            shelf = s;
        }
        return s;
    }
}
