package io.launchgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.launchgraph.topology.StoresListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Views kept ready to send between changes of this instance's stores. Answers are read far more
 * often than they change: a view is built from the stores once, and sent as bytes until the
 * graph task says that what it was built from changed. Whatever is kept was built from reads that
 * began after the last such call for it, so no view is served across a change.
 *
 * <ul>
 *   <li>The list of every launch is kept launch by launch: the graph task names the launches it
 *       derived again, and only those are read again. Under a steady flow of changes a list
 *       costs the launches they reached, not the whole store.</li>
 *   <li>One launch's answer (its critical path told step by step, with the steps' names, which
 *       no derivation follows) and a team's blocked launches are kept until anything changes.</li>
 *   <li>When the stores are restored or the task moves, everything goes.</li>
 * </ul>
 */
public final class ReadyViews implements StoresListener {
    /** Counts every change: single launches and teams keep their views for one count. */
    private final AtomicLong generation = new AtomicLong();
    /** Counts the stores' replacements: the listing keeps its launches for one count. */
    private final AtomicLong epoch = new AtomicLong();
    /** How often each launch was named as changed (absent: never). */
    private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();
    private volatile Shelf shelf = new Shelf(0);
    private volatile Listing listing = new Listing(0);

    /** What was built during one generation. */
    private static final class Shelf {
        final long generation;
        final ConcurrentHashMap<String, ReadyLaunch> launches = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, byte[]> teams = new ConcurrentHashMap<>();

        Shelf(long generation) {
            this.generation = generation;
        }
    }

    /** A launch of the listing, with the version it was named at when its reads began. */
    private record Listed(long version, ReadyLaunch ready) {}

    /** Every launch with an answer, during one epoch (guarded by itself, but {@code named}). */
    private static final class Listing {
        final long epoch;
        final Map<String, Listed> launches = new HashMap<>();
        /** Launches named as changed since the listing was built, some of them new to it. */
        final Set<String> named = ConcurrentHashMap.newKeySet();
        boolean complete;

        Listing(long epoch) {
            this.epoch = epoch;
        }
    }

    @Override
    public void storesChanged() {
        generation.incrementAndGet();
    }

    @Override
    public void launchesChanged(Collection<String> launchIds) {
        for (String id : launchIds) {
            versions.merge(id, 1L, Long::sum);
            // The listing read after the count: one made since took its versions after it.
            listing.named.add(id);
        }
        generation.incrementAndGet();
    }

    @Override
    public void storesReplaced() {
        epoch.incrementAndGet();
        generation.incrementAndGet();
    }

    /** One launch's view (its critical path told step by step) ready to send; {@code build} reads it from the stores when needed. */
    Optional<ReadyLaunch> launch(String id, Supplier<Optional<Views.Launch>> build) {
        Shelf s = currentShelf();
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
        Shelf s = currentShelf();
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

    /**
     * Every launch with an answer, ready to send. {@code every} reads them all from the stores
     * (once per epoch); {@code one} reads one again (empty: it has no answer) when it was named
     * as changed since.
     */
    List<ReadyLaunch> all(Consumer<BiConsumer<String, Views.Launch>> every, Function<String, Optional<Views.Launch>> one) {
        Listing l = currentListing();
        synchronized (l) {
            if (!l.complete) {
                // The versions before the first read: a launch named after them is read again next time.
                l.named.clear();
                Map<String, Long> before = new HashMap<>(versions);
                every.accept((id, view) -> l.launches.put(id, new Listed(before.getOrDefault(id, 0L), ReadyLaunch.of(view))));
                l.complete = true;
            } else {
                List<String> named = new ArrayList<>(l.named);
                l.named.removeAll(named);
                for (String id : named) {
                    Listed kept = l.launches.get(id);
                    long version = versions.getOrDefault(id, 0L);
                    if (kept == null || kept.version() != version) {
                        Optional<Views.Launch> view = one.apply(id);
                        if (view.isPresent()) {
                            l.launches.put(id, new Listed(version, ReadyLaunch.of(view.get())));
                        } else {
                            l.launches.remove(id);
                        }
                    }
                }
            }
            List<ReadyLaunch> all = new ArrayList<>(l.launches.size());
            l.launches.values().forEach(listed -> all.add(listed.ready()));
            return all;
        }
    }

    private Shelf currentShelf() {
        long g = generation.get();
        Shelf s = shelf;
        if (s.generation != g) {
            // Only the newest generation is ever looked up, so the old shelf and all it holds go at once.
            s = new Shelf(g);
            shelf = s;
        }
        return s;
    }

    private Listing currentListing() {
        long e = epoch.get();
        Listing l = listing;
        if (l.epoch != e) {
            synchronized (this) {
                l = listing;
                if (l.epoch != e) {
                    l = new Listing(e);
                    listing = l;
                }
            }
        }
        return l;
    }
}
