package io.launchgraph.topology.internal;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The fold and the derivation together, without Kafka: {@link #apply} folds one validated event
 * and remembers what it touched; {@link #recompute} derives again only the launches that a change
 * can reach, by reverse traversal of blocking edges, and reports the answers that changed.
 *
 * <p>Why only those: a launch's answer reads its blocking subgraph, the out-edges of that
 * subgraph and their targets. If no node of the subgraph changed, lost or gained an out-edge, or
 * points at a changed node, the subgraph and everything read from it are the same. Seeding the
 * reverse search with every changed node, the dependents of every changed edge, and the
 * dependents of every changed node therefore finds every launch whose answer can differ. A
 * milestone's forecast reads its blocking subgraph only, so the same search finds every milestone
 * whose forecast can differ.
 *
 * <p>Single-threaded: the Kafka Streams graph task owns one instance.
 */
public final class Engine {

    /** The answers published so far, by launch id. */
    @FunctionalInterface
    public interface PublishedAnswers {
        /** The last published answer of {@code launchId}, or null when none was. */
        Answer get(String launchId);
    }

    /** An answer that differs from the last one published. */
    public record AnswerChange(String launchId, Answer before, Answer after, String causeEventId) {}

    /** A milestone forecast that differs from the last one reported; {@code after} null: it has none now. */
    public record ForecastChange(String milestoneId, MilestoneForecast after) {}

    /**
     * What one {@link #recompute} found: the changed answers by launch id, the changed forecasts by
     * milestone id, and every launch with an answer that it derived again, changed or not (what
     * its answer is read with, such as the state of the milestones it names, may have changed).
     */
    public record Recomputed(List<AnswerChange> answers, List<ForecastChange> forecasts, List<String> derivedLaunches) {}

    /**
     * What hypothetical events would change: every launch whose answer would differ ({@code before}
     * or {@code after} null where it is not open), how many open launches would not change, and
     * the folded state and forecast, on each side, of every id those answers' views name (each
     * launch the hypotheses reach, open or not, and the steps of its critical path).
     */
    public record Hypothetical(
            List<AnswerChange> changes,
            int unchanged,
            Map<String, Milestone> statesBefore,
            Map<String, MilestoneForecast> forecastsBefore,
            Map<String, Milestone> statesAfter,
            Map<String, MilestoneForecast> forecastsAfter) {}

    /** What folding one event did. */
    public sealed interface Outcome {}

    /** The milestone's registers changed: store the new state. */
    public record MilestoneChanged(Milestone state) implements Outcome {}

    /** The edge's register changed: store the new state. */
    public record DependencyChanged(Dependency state) implements Outcome {}

    /** A duplicate, or an older write delivered late. */
    public record NoChange() implements Outcome {}

    /** The event conflicts with one already folded (same eventId and occurredAt, other content). */
    public record Rejected(Rejection rejection) implements Outcome {}

    private static final Outcome NO_CHANGE = new NoChange();

    /**
     * How much one {@link #recompute(PublishedAnswers, Budget)} may do: it looks at the budget after
     * every node it derives and stops at the first that leaves it spent, so a slice outlasts its
     * budget by one node's derivation at most, however many launches a change reaches.
     */
    @FunctionalInterface
    public interface Budget {
        /** No limit: everything due is derived in one call. */
        Budget UNLIMITED = derived -> false;

        /** Whether a slice that has derived {@code derived} nodes so far must stop now. */
        boolean spent(int derived);

        /**
         * Whether the reverse search from what changed must stop after {@code seeds} of its seeds
         * (the nodes events touched), to go on in the next slice; by default it never stops.
         */
        default boolean searchSpent(int seeds) {
            return false;
        }

        /**
         * Spent once {@code nanos} have passed since this call, by {@link System#nanoTime}: the
         * reverse search and the derivations after it share the time (decision 51).
         */
        static Budget ofNanos(long nanos) {
            long deadline = System.nanoTime() + nanos;
            return new Budget() {
                @Override
                public boolean spent(int derived) {
                    return over();
                }

                @Override
                public boolean searchSpent(int seeds) {
                    return over();
                }

                private boolean over() {
                    return System.nanoTime() - deadline >= 0;
                }
            };
        }
    }

    /** Nodes whose components one search finds together, before any of them is derived. */
    static final int CHUNK = 64;

    private final Graph graph = new Graph();
    private final Derivation derivation;
    /** Nodes touched since the last recompute, least recent first, with what touched them. */
    private final LinkedHashMap<Node, Touch> touched = new LinkedHashMap<>();
    private boolean everything;
    /**
     * Nodes a change reached whose answer or forecast is not derived yet, in the order they were
     * reached; {@link Node#queued} marks them. A recompute in slices leaves the rest here.
     */
    private final ArrayDeque<Node> due = new ArrayDeque<>();
    /**
     * The seeds of a reverse search a slice left unfinished, most recent first: nothing is
     * derived until it is done, since a node it has not reached yet may keep components that
     * no longer hold.
     */
    private final ArrayDeque<Map.Entry<Node, Touch>> seeds = new ArrayDeque<>();
    /** The mark of the reverse search in {@link #seeds}; no other traversal runs until it is done. */
    private long searchEpoch;
    /** Whether the search in {@link #seeds} ends with every node due (a restart's recompute). */
    private boolean searchEverything;
    private final ArrayList<Node> searchStack = new ArrayList<>();
    private final ArrayList<Node> searchReached = new ArrayList<>();
    /**
     * The derivation's epoch of the components recomputes have found: they stay valid from one
     * recompute to the next, but for the nodes a change reaches, which forget theirs.
     */
    private long preparedEpoch = -1;
    /** The launches whose answers this engine derives; the others' are another graph task's. */
    private final Predicate<String> owns;

    private static final class Touch {
        String cause;
        /** The node's own state changed (so its dependents' answers may too), not just an edge. */
        boolean state;
    }

    /** The engine of contract v2: answers with forecasts, and milestone forecasts. */
    public Engine() {
        this(true, id -> true);
    }

    private Engine(boolean forecasts, Predicate<String> owns) {
        this.derivation = new Derivation(graph, forecasts);
        this.owns = owns;
    }

    /**
     * An engine that folds everything and derives every forecast, but in {@link #recompute} only
     * the answers of the launches {@code owns} accepts: one graph task among several (decision 47).
     */
    public static Engine owning(Predicate<String> owns) {
        return new Engine(true, owns);
    }

    /**
     * The engine of contract v1, whose answers have no forecast: the benchmark measures what
     * forecasts cost against it, in the same run.
     */
    public static Engine withoutForecasts() {
        return new Engine(false, id -> true);
    }

    public Graph graph() {
        return graph;
    }

    /** Folds one event that has passed {@link EventRules#check}. */
    public Outcome apply(MilestoneEvent event) {
        Stamp stamp = new Stamp(event.getOccurredAt().toEpochMilli(), event.getEventId());
        Object e = event.getEvent();
        if (e instanceof DependencyDeclared || e instanceof DependencyRemoved) {
            return applyDependency(stamp, e, event.getEventId());
        }
        return applyMilestone(stamp, e, EventRules.entityId(event), event.getEventId());
    }

    private Outcome applyMilestone(Stamp stamp, Object e, String id, String eventId) {
        Node node = graph.find(id);
        Milestone before = node == null || node.state == null ? Milestone.empty(id) : node.state;
        Fold.Result<Milestone> result = Fold.milestone(before, stamp, e);
        if (result instanceof Fold.Changed<Milestone> changed) {
            Milestone after = changed.state();
            node = graph.putMilestone(after);
            if (!Milestone.sameForAnswers(before, after)) {
                touch(node, eventId, true);
            }
            return new MilestoneChanged(after);
        }
        return orRejected(result);
    }

    private Outcome applyDependency(Stamp stamp, Object e, String eventId) {
        String dependentId = e instanceof DependencyDeclared d ? d.getDependentId() : ((DependencyRemoved) e).getDependentId();
        String dependencyId =
                e instanceof DependencyDeclared d ? d.getDependencyId() : ((DependencyRemoved) e).getDependencyId();
        Dependency before = graph.dependency(dependentId, dependencyId);
        Fold.Result<Dependency> result = Fold.dependency(before, stamp, e);
        if (result instanceof Fold.Changed<Dependency> changed) {
            Dependency after = changed.state();
            Node source = graph.putDependency(after);
            if (before == null || !before.value().equals(after.value())) {
                touch(source, eventId, false);
            }
            return new DependencyChanged(after);
        }
        return orRejected(result);
    }

    private static Outcome orRejected(Fold.Result<?> result) {
        if (result instanceof Fold.Conflict<?> conflict) {
            return new Rejected(new Rejection(EventRules.CONFLICTING_EVENT, conflict.message()));
        }
        return NO_CHANGE;
    }

    private void touch(Node node, String eventId, boolean state) {
        // Re-inserting moves the node to the end: the map stays ordered by most recent touch.
        Touch t = touched.remove(node);
        if (t == null) {
            t = new Touch();
        }
        t.cause = eventId;
        t.state |= state;
        touched.put(node, t);
    }

    /**
     * Takes a stored milestone state (after a restart, or in a replica reading the stores'
     * changelogs); nothing is marked for recomputation.
     */
    public void restore(Milestone milestone) {
        graph.putMilestone(milestone);
    }

    /** Takes a stored edge register; see {@link #restore(Milestone)}. */
    public void restore(Dependency dependency) {
        graph.putDependency(dependency);
    }

    /** Records that {@code launchId}'s last published answer was open, after a restart. */
    public void restorePublished(String launchId, boolean open) {
        graph.node(launchId).answeredOpen = open;
    }

    /** Records the forecast last reported for {@code milestoneId}, after a restart. */
    public void restoreForecast(String milestoneId, MilestoneForecast forecast) {
        graph.node(milestoneId).reportedForecast = forecast;
    }

    /**
     * Makes the next {@link #recompute} derive every launch and every milestone forecast: after a
     * restart, changes folded before the crash may not have reached their answers yet.
     */
    public void recomputeEverything() {
        everything = true;
    }

    /**
     * Forgets what the changes folded so far reach, without deriving it: for an engine whose
     * answers are only ever derived on demand (what-ifs and queries), never by {@link #recompute}.
     */
    public void forgetChanges() {
        touched.clear();
        seeds.clear();
        everything = false;
        due.forEach(n -> n.queued = false);
        due.clear();
    }

    /** Whether a recompute has work to do. */
    public boolean pending() {
        return everything || !touched.isEmpty() || !seeds.isEmpty() || !due.isEmpty();
    }

    /** Number of nodes touched whose reach no recompute has searched yet. */
    public int touchedCount() {
        return touched.size() + seeds.size();
    }

    /** Nodes Tarjan's search has opened in this engine's recomputes and queries so far. */
    long searched() {
        return derivation.searched();
    }

    /** Number of nodes reached by earlier changes that a recompute in slices has not derived yet. */
    public int dueCount() {
        return due.size();
    }

    /**
     * Derives again every launch and milestone forecast the changes since the last call can reach.
     * Returns the answers that differ from {@code published} (each with the most recent event
     * among the changes that reach it; after {@link #recomputeEverything}, launches no change
     * reaches carry none), and the milestone forecasts that differ from those reported before.
     */
    public Recomputed recompute(PublishedAnswers published) {
        return recompute(published, Budget.UNLIMITED);
    }

    /**
     * {@link #recompute(PublishedAnswers)} in slices: derives the nodes due until {@code budget}
     * is spent and keeps the rest for the next call ({@link #pending()} stays true). Events may be
     * folded between slices: what they reach is due again, so when nothing is pending every
     * published answer is what the graph gives now. A slice's answers are in launch id order, as
     * are its forecasts.
     */
    public Recomputed recompute(PublishedAnswers published, Budget budget) {
        if (!search(budget)) {
            return new Recomputed(List.of(), List.of(), List.of());
        }
        List<AnswerChange> answers = new ArrayList<>();
        List<ForecastChange> forecastChanges = new ArrayList<>();
        List<String> derivedLaunches = new ArrayList<>();
        List<Node> chunk = new ArrayList<>(CHUNK);
        int derived = 0;
        boolean spent = false;
        while (!spent && !due.isEmpty()) {
            chunk.clear();
            while (chunk.size() < CHUNK && !due.isEmpty()) {
                Node n = due.poll();
                n.queued = false;
                chunk.add(n);
            }
            prepare(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                Node n = chunk.get(i);
                if (deriveDue(n, published, answers, forecastChanges)) {
                    derivedLaunches.add(n.id);
                }
                derived++;
                spent = budget.spent(derived);
                if (spent) {
                    // A slice outlasts its budget by one derivation, not by a chunk of them. The
                    // rest of the chunk goes back first, in its order; what its search found stays
                    // valid until a change reaches it.
                    requeueFirst(chunk.subList(i + 1, chunk.size()));
                    break;
                }
            }
        }
        answers.sort(Comparator.comparing(AnswerChange::launchId));
        forecastChanges.sort(Comparator.comparing(ForecastChange::milestoneId));
        return new Recomputed(answers, forecastChanges, derivedLaunches);
    }

    private void requeueFirst(List<Node> rest) {
        for (int i = rest.size() - 1; i >= 0; i--) {
            Node n = rest.get(i);
            n.queued = true;
            due.addFirst(n);
        }
    }

    /**
     * Moves what the changes since the last call reach (or every node, after a restart) to the
     * nodes due, by a reverse search that may stop when {@code budget}'s search share is spent and
     * go on at the next call (at a million milestones, 50k touched nodes reach most of the graph:
     * about a second). Returns false while the search is not done; the derivations then wait,
     * and otherwise have what the search left of the budget (at least one node).
     */
    private boolean search(Budget budget) {
        while (!seeds.isEmpty() || !touched.isEmpty() || everything) {
            if (seeds.isEmpty()) {
                startSearch();
            }
            int visited = 0;
            while (!seeds.isEmpty()) {
                if (visited > 0 && budget.searchSpent(visited)) {
                    return false;
                }
                Map.Entry<Node, Touch> seed = seeds.poll();
                reachFrom(seed.getKey(), seed.getValue(), searchEpoch, searchReached);
                enqueue(searchReached);
                visited++;
            }
            if (searchEverything) {
                searchEverything = false;
                for (Node n : graph.nodes()) {
                    if (n.mark != searchEpoch) {
                        n.mark = searchEpoch;
                        n.cause = null;
                        searchReached.add(n);
                    }
                }
                enqueue(searchReached);
            }
        }
        return true;
    }

    /** Takes the touched nodes as the seeds of a new search. */
    private void startSearch() {
        searchEpoch = graph.nextEpoch();
        seeds.addAll(touchedMostRecentFirst());
        searchEverything = everything;
        touched.clear();
        everything = false;
    }

    private void enqueue(List<Node> reached) {
        for (Node n : reached) {
            // Its blocking subgraph may have changed: the components found for it no longer hold.
            // Nothing else needs to forget: a node whose subgraph reaches a change is reached.
            derivation.forget(n);
            if (!n.queued) {
                n.queued = true;
                due.add(n);
            }
        }
        reached.clear();
    }

    /**
     * Finds the components of a chunk's subgraphs. Tarjan goes on in the same epoch from chunk to
     * chunk, slice to slice and recompute to recompute: a node keeps what it found until a change
     * reaches it ({@link #enqueueReached}), so each search stops where the graph below is as it
     * was. Only a search for something else (a query, a what-if) starts a new epoch.
     */
    private void prepare(List<Node> chunk) {
        if (preparedEpoch == derivation.epoch()) {
            derivation.prepareMore(chunk);
        } else {
            derivation.prepare(chunk);
            preparedEpoch = derivation.epoch();
        }
    }

    /** Derives a due node; true when it is a launch with an answer (open now, or answered open before). */
    private boolean deriveDue(Node n, PublishedAnswers published, List<AnswerChange> answers, List<ForecastChange> forecastChanges) {
        boolean launch = (n.openLaunch || n.answeredOpen) && owns.test(n.id);
        if (launch) {
            Answer after = derivation.derive(n);
            Answer before = published.get(n.id);
            boolean changed = before == null ? after.open() : !before.equals(after);
            if (changed) {
                answers.add(new AnswerChange(n.id, before, after, n.cause));
                n.answeredOpen = after.open();
            }
        }
        // Without forecasts (v1) every forecast is null, as every reported one is: no change.
        MilestoneForecast after = derivation.forecastOf(n);
        if (!Objects.equals(after, n.reportedForecast)) {
            forecastChanges.add(new ForecastChange(n.id, after));
            n.reportedForecast = after;
        }
        return launch;
    }

    /** Derives one launch now, without publishing anything (for tests and queries). */
    public Answer derive(String launchId) {
        Node n = graph.find(launchId);
        if (n == null) {
            return Answer.CLOSED;
        }
        derivation.prepare(List.of(n));
        return derivation.derive(n);
    }

    /** The forecast of one milestone now, or null when it is not open (for tests and queries). */
    public MilestoneForecast forecast(String milestoneId) {
        Node n = graph.find(milestoneId);
        if (n == null) {
            return null;
        }
        derivation.prepare(List.of(n));
        return derivation.forecastOf(n);
    }

    /**
     * Applies {@code count} hypothetical events on top of the current state, each winning over
     * every real event (stamped after all of them; among themselves, later wins), derives what
     * they change, and puts everything back as it was. {@code hypothesis} gives the i-th event
     * once the ones before it are applied, so it may read {@link #graph()} as they left it; what
     * it throws propagates, after the undo.
     *
     * <p>The launches whose answers can differ are found as {@link #recompute} finds them: the
     * reverse search from what the hypotheses touched, on the hypothetical graph. Those, and only
     * those, are derived on both sides, so a what-if costs what it reaches, whether or not this
     * engine ever recomputes.
     */
    public Hypothetical whatIf(int count, IntFunction<MilestoneEvent> hypothesis) {
        if (pending()) {
            throw new IllegalStateException("a what-if needs every change derived first");
        }
        int openBefore = 0;
        for (Node n : graph.nodes()) {
            if (n.openLaunch) {
                openBefore++;
            }
        }
        Deque<Runnable> undo = new ArrayDeque<>();
        List<Node> reached;
        Side after = new Side();
        try {
            for (int i = 0; i < count; i++) {
                MilestoneEvent e = hypothesis.apply(i);
                // Real occurredAt stop at year 9999; ids in order keep "later in the list wins".
                applyHypothetical(e, new Stamp(Long.MAX_VALUE, String.format("%010d", i)), undo);
            }
            reached = reached(graph.nextEpoch());
            touched.clear();
            after.derive(reached);
        } finally {
            touched.clear();
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }
        Side before = new Side();
        before.derive(reached);
        TreeSet<String> ids = new TreeSet<>(before.answers.keySet());
        ids.addAll(after.answers.keySet());
        List<AnswerChange> changes = new ArrayList<>();
        int openedOnly = 0;
        for (String id : ids) {
            Answer b = before.answers.get(id);
            Answer a = after.answers.get(id);
            openedOnly += b == null ? 1 : 0;
            if (!Objects.equals(b, a)) {
                changes.add(new AnswerChange(id, b, a, null));
            }
        }
        return new Hypothetical(changes, openBefore + openedOnly - changes.size(), before.states, before.forecasts, after.states, after.forecasts);
    }

    /** One side of a what-if: the open launches' answers, and what their views read (see {@link Hypothetical}). */
    private final class Side {
        final Map<String, Answer> answers = new HashMap<>();
        final Map<String, Milestone> states = new HashMap<>();
        final Map<String, MilestoneForecast> forecasts = new HashMap<>();

        /** Derives the reached nodes on the graph as it is now (with or without the hypotheses). */
        void derive(List<Node> reached) {
            derivation.prepare(reached);
            for (Node n : reached) {
                // A launch's state, open or not: why one is no longer open is news too.
                if (n.state != null && n.state.isLaunch()) {
                    states.put(n.id, n.state);
                }
                if (n.openLaunch) {
                    Answer a = derivation.derive(n);
                    answers.put(n.id, a);
                    describe(a);
                }
            }
        }

        /** Keeps what a launch's view reads besides its answer: its own state, and each step of its critical path. */
        private void describe(Answer answer) {
            List<String> steps = answer.forecast() == null ? List.of() : answer.forecast().criticalPath();
            for (String step : steps) {
                Node n = graph.find(step);
                if (n.state != null) {
                    states.put(step, n.state);
                }
                MilestoneForecast f = derivation.forecastOf(n);
                if (f != null) {
                    forecasts.put(step, f);
                }
            }
        }
    }

    /** Folds one hypothetical event, and pushes what puts back the registers it wrote and the nodes it named. */
    private void applyHypothetical(MilestoneEvent event, Stamp stamp, Deque<Runnable> undo) {
        Object e = event.getEvent();
        if (e instanceof DependencyDeclared || e instanceof DependencyRemoved) {
            String dependentId = e instanceof DependencyDeclared d ? d.getDependentId() : ((DependencyRemoved) e).getDependentId();
            String dependencyId = e instanceof DependencyDeclared d ? d.getDependencyId() : ((DependencyRemoved) e).getDependencyId();
            boolean sourceKnown = graph.find(dependentId) != null;
            boolean targetKnown = graph.find(dependencyId) != null;
            Dependency prior = graph.dependency(dependentId, dependencyId);
            applyDependency(stamp, e, stamp.eventId());
            undo.push(() -> {
                if (prior != null) {
                    graph.putDependency(prior);
                } else if (graph.dependency(dependentId, dependencyId) != null) {
                    graph.removeDependency(dependentId, dependencyId);
                }
                if (!sourceKnown) {
                    graph.forgetIfUnnamed(dependentId);
                }
                if (!targetKnown) {
                    graph.forgetIfUnnamed(dependencyId);
                }
            });
            return;
        }
        String id = EventRules.entityId(event);
        boolean known = graph.find(id) != null;
        Milestone prior = graph.milestone(id);
        applyMilestone(stamp, e, id, stamp.eventId());
        undo.push(() -> {
            if (prior != null) {
                graph.putMilestone(prior);
            } else {
                graph.find(id).clearState();
                if (!known) {
                    graph.forgetIfUnnamed(id);
                }
            }
        });
    }

    /** A node of a launch's blocking subgraph: its state, forecast, and place in it. */
    public record SubgraphNode(String id, Milestone state, MilestoneForecast forecast, boolean cycle, boolean root, int depth) {}

    /** A blocking edge of a launch's subgraph. */
    public record SubgraphEdge(String from, String to, Dependency register) {}

    /** A launch's blocking subgraph, breadth-first from the launch, and its answer. */
    public record Subgraph(List<SubgraphNode> nodes, List<SubgraphEdge> edges, Answer answer) {}

    /**
     * The blocking subgraph of an open launch (what its answer reads: every milestone it waits on
     * through HARD edges to unfinished milestones), or null when no open launch has that id.
     */
    public Subgraph subgraph(String launchId) {
        Node launch = graph.find(launchId);
        if (launch == null || !launch.openLaunch) {
            return null;
        }
        derivation.prepare(List.of(launch));
        Answer answer = derivation.derive(launch);
        long epoch = graph.nextEpoch();
        List<SubgraphNode> nodes = new ArrayList<>();
        List<SubgraphEdge> edges = new ArrayList<>();
        Map<Node, Integer> depth = new HashMap<>();
        ArrayList<Node> queue = new ArrayList<>(List.of(launch));
        launch.mark = epoch;
        depth.put(launch, 0);
        for (int i = 0; i < queue.size(); i++) {
            Node u = queue.get(i);
            nodes.add(new SubgraphNode(u.id, u.state, derivation.forecastOf(u), u.componentSize > 1, u.inSinkComponent, depth.get(u)));
            if (!u.open) {
                continue;
            }
            for (int j = 0; j < u.outCount; j++) {
                Edge e = u.out[j];
                Node v = e.target;
                if (!e.present || !e.hard || v.resolved) {
                    continue;
                }
                edges.add(new SubgraphEdge(u.id, v.id, e.register()));
                if (v.mark != epoch) {
                    v.mark = epoch;
                    depth.put(v, depth.get(u) + 1);
                    queue.add(v);
                }
            }
        }
        return new Subgraph(nodes, edges, answer);
    }

    /** Every node that reaches a touched node, or a dependent of one whose state changed, along blocking edges. */
    private List<Node> reached(long epoch) {
        List<Node> reached = new ArrayList<>();
        for (Map.Entry<Node, Touch> seed : touchedMostRecentFirst()) {
            reachFrom(seed.getKey(), seed.getValue(), epoch, reached);
        }
        return reached;
    }

    /**
     * The touched nodes, most recent first: a search visits nothing twice, so each node it
     * reaches keeps the most recent cause. Copies, so that they outlive {@code touched.clear()}.
     */
    private List<Map.Entry<Node, Touch>> touchedMostRecentFirst() {
        List<Map.Entry<Node, Touch>> entries = new ArrayList<>(touched.size());
        touched.forEach((node, touch) -> entries.add(Map.entry(node, touch)));
        Collections.reverse(entries);
        return entries;
    }

    /** What reaches one touched node (and its dependents, when its own state changed) along blocking edges, into {@code reached}. */
    private void reachFrom(Node node, Touch touch, long epoch, List<Node> reached) {
        visit(node, touch.cause, epoch, searchStack, reached);
        if (touch.state) {
            for (int j = 0; j < node.inCount; j++) {
                visit(node.in[j].source, touch.cause, epoch, searchStack, reached);
            }
        }
    }

    /**
     * Every node that reaches {@code seed} along blocking edges. Seeds are visited most recent
     * first and nothing is visited twice, so each launch keeps the most recent cause reaching it.
     */
    private static void visit(Node seed, String cause, long epoch, ArrayList<Node> stack, List<Node> reached) {
        if (seed.mark == epoch) {
            return;
        }
        seed.mark = epoch;
        seed.cause = cause;
        stack.add(seed);
        while (!stack.isEmpty()) {
            Node v = stack.remove(stack.size() - 1);
            reached.add(v);
            if (v.resolved) {
                continue;
            }
            for (int i = 0; i < v.inCount; i++) {
                Edge e = v.in[i];
                Node u = e.source;
                if (u.mark != epoch && e.blocking()) {
                    u.mark = epoch;
                    u.cause = cause;
                    stack.add(u);
                }
            }
        }
    }
}
