package io.launchgraph.topology.bench;

import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.Engine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the engine's recompute slices run with a 500 ms budget: the first recompute of a
 * generated organisation, then steady events with one slice after every {@code between} of them
 * (as the graph task folds and derives in turn). Arguments: milestones, steady events, between.
 * For the slices over 600 ms it also says how many launches they derived: few means the time went
 * to the search for components, not to the derivations.
 */
public final class SliceLengths {
    /** The graph task's default slice, {@code recompute.slice.ms}. */
    private static final long BUDGET_NANOS = 500_000_000L;

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        int steady = Integer.parseInt(args[1]);
        int between = Integer.parseInt(args[2]);
        GeneratedOrganisation org = new GeneratedOrganisation(size, 42);
        Engine engine = new Engine();
        Map<String, Answer> published = new HashMap<>();
        for (MilestoneEvent e : org.initialEvents) {
            engine.apply(e);
        }
        List<Long> first = new ArrayList<>();
        long t0 = System.nanoTime();
        while (engine.pending()) {
            slice(engine, published, first, new ArrayList<>());
        }
        report("first recompute", first, List.of(), System.nanoTime() - t0);
        List<MilestoneEvent> events = org.steadyEvents(steady);
        List<Long> slices = new ArrayList<>();
        List<Integer> derived = new ArrayList<>();
        t0 = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            engine.apply(events.get(i));
            if ((i + 1) % between == 0) {
                slice(engine, published, slices, derived);
            }
        }
        while (engine.pending()) {
            slice(engine, published, slices, derived);
        }
        report("steady, a slice every " + between + " events", slices, derived, System.nanoTime() - t0);
    }

    /** One slice of {@link #BUDGET_NANOS}, as the graph task's punctuation runs it. */
    private static void slice(Engine engine, Map<String, Answer> published, List<Long> nanos, List<Integer> derived) {
        long start = System.nanoTime();
        Engine.Recomputed r = engine.recompute(published::get, Engine.Budget.ofNanos(BUDGET_NANOS));
        nanos.add(System.nanoTime() - start);
        derived.add(r.derivedLaunches().size());
        r.answers().forEach(a -> published.put(a.launchId(), a.after()));
    }

    private static void report(String what, List<Long> nanos, List<Integer> derived, long total) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%s: %d slices in %.1f s; slice ms p50 %.0f p90 %.0f p99 %.0f max %.0f; over 600 ms: %d%n",
                what, sorted.size(), total / 1e9, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6, sorted.stream().filter(n -> n > 600_000_000L).count());
        if (!derived.isEmpty()) {
            List<Integer> longOnes = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < nanos.size(); i++) {
                (nanos.get(i) > 600_000_000L ? longOnes : others).add(derived.get(i));
            }
            Collections.sort(others);
            System.out.printf("  launches derived by the slices over 600 ms: %s; by the others, median %d%n",
                    longOnes, others.isEmpty() ? 0 : others.get(others.size() / 2));
        }
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size()))) / 1e6;
    }
}
