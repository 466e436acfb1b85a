package io.launchgraph.topology;

import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.internal.Dependency;
import io.launchgraph.topology.internal.Engine;
import io.launchgraph.topology.internal.Milestone;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What hypothetical events would change (SEMANTICS.md "What if"), on a copy of the organisation's
 * folded state kept apart from the graph task: whoever feeds it the milestone and edge registers
 * ({@link #put}) decides which state "now" is. A what-if applies its hypotheses, derives what they
 * reach, undoes them, and derives the same launches as they are now; what-ifs run one at a time,
 * so none sees another's hypotheses.
 */
public final class WhatIf {

    /** One hypothesis: an event, or a shorthand resolved against the state the earlier ones left. */
    public sealed interface Hypothesis {}

    /** A hypothetical event, already checked by {@link EventRules#check}. */
    public record Event(MilestoneEvent event) implements Hypothesis {
        public Event {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The milestone's due date moves by {@code days} (negative: earlier). */
    public record Slip(String milestoneId, int days) implements Hypothesis {}

    /** The milestone is DONE. */
    public record Done(String milestoneId) implements Hypothesis {}

    /** The dependency is removed. */
    public record Remove(String dependentId, String dependencyId) implements Hypothesis {}

    /** A shorthand names no declared milestone. */
    public static final String UNKNOWN_MILESTONE = "unknown_milestone";
    /** A remove names no present dependency. */
    public static final String UNKNOWN_DEPENDENCY = "unknown_dependency";
    /** A slip of a milestone without a due date, or beyond the dates events may carry. */
    public static final String CANNOT_SLIP = "cannot_slip";

    /** A hypothesis that cannot apply: its index in the list, a code, and why. */
    public static final class BadHypothesis extends RuntimeException {
        private final int index;
        private final String code;

        BadHypothesis(int index, String code, String message) {
            super(message);
            this.index = index;
            this.code = code;
        }

        public int index() {
            return index;
        }

        public String code() {
            return code;
        }
    }

    /** A launch whose answer would differ; null on a side where it is not open. */
    public record Change(String launchId, LaunchAnswer before, LaunchAnswer after) {}

    /** What one side's views read besides the answers: the states and forecasts of the ids they name. */
    public record Side(Map<String, MilestoneState> milestones, Map<String, MilestoneForecast> forecasts) {}

    /** What the hypotheses change, by launch id, and how many open launches they leave alone. */
    public record Outcome(List<Change> changed, int unchanged, Side before, Side after) {}

    /**
     * A milestone of a launch's blocking subgraph: owner, status ({@code RETIRED} for a retired
     * one, null when never declared), due date, forecast (null when not open), whether it is in a
     * cycle, whether it is a root blocker, and its distance from the launch.
     */
    public record GraphNode(
            String id, String teamId, String name, String status, LocalDate dueDate, MilestoneForecast forecast,
            boolean cycle, boolean root, int depth) {}

    /**
     * An edge: {@code from} waits on {@code to}. {@code risk}: a schedule-risk edge of the launch
     * (SEMANTICS "Schedule risk"); {@code blocking}: a HARD edge to an unresolved milestone (the
     * only kind the blocking subgraph has; a risk scope adds the others).
     */
    public record GraphEdge(String from, String to, LocalDate neededBy, String strength, boolean blocking, boolean risk) {}

    /** A launch's blocking subgraph, breadth-first from the launch, with its answer (critical path included). */
    public record Subgraph(String launchId, List<GraphNode> nodes, List<GraphEdge> edges, LaunchAnswer answer) {}

    /** The blocking subgraph of an open launch as the replica has it now, or null when no open launch has that id. */
    public Subgraph subgraph(String launchId) {
        return subgraph(launchId, false);
    }

    /**
     * The blocking subgraph of an open launch, and with {@code withRisk} also its schedule-risk
     * edges that do not block (SOFT ones) and the milestones they lead to; null when no open
     * launch has that id.
     */
    public synchronized Subgraph subgraph(String launchId, boolean withRisk) {
        Engine.Subgraph g = engine.subgraph(launchId);
        if (g == null) {
            return null;
        }
        LaunchAnswer answer = AvroMapping.toAvro(launchId, g.answer(), null);
        Set<String> risky = new HashSet<>();
        answer.getRisk().forEach(r -> risky.add(r.getDependentId() + "\n" + r.getDependencyId()));
        List<GraphNode> nodes = new ArrayList<>();
        Map<String, Integer> depth = new HashMap<>();
        for (Engine.SubgraphNode n : g.nodes()) {
            nodes.add(node(n.id(), n.state(), n.forecast() == null ? null : AvroMapping.toAvro(n.id(), n.forecast()), n.cycle(),
                    n.root() && n.depth() > 0, n.depth()));
            depth.put(n.id(), n.depth());
        }
        List<GraphEdge> edges = new ArrayList<>();
        Set<String> drawn = new HashSet<>();
        for (Engine.SubgraphEdge e : g.edges()) {
            edges.add(new GraphEdge(e.from(), e.to(), e.register().neededBy(), e.register().strength() == null ? null : e.register().strength().name(), true,
                    risky.contains(e.from() + "\n" + e.to())));
            drawn.add(e.from() + "\n" + e.to());
        }
        if (withRisk) {
            for (var r : answer.getRisk()) {
                if (drawn.add(r.getDependentId() + "\n" + r.getDependencyId())) {
                    edges.add(new GraphEdge(r.getDependentId(), r.getDependencyId(), r.getNeededBy(), r.getStrength().name(), false, true));
                    if (!depth.containsKey(r.getDependencyId())) {
                        int d = depth.getOrDefault(r.getDependentId(), 0) + 1;
                        depth.put(r.getDependencyId(), d);
                        var forecast = engine.forecast(r.getDependencyId());
                        nodes.add(node(r.getDependencyId(), engine.graph().milestone(r.getDependencyId()),
                                forecast == null ? null : AvroMapping.toAvro(r.getDependencyId(), forecast), false, false, d));
                    }
                }
            }
        }
        return new Subgraph(launchId, nodes, edges, answer);
    }

    private static GraphNode node(String id, Milestone m, MilestoneForecast forecast, boolean cycle, boolean root, int depth) {
        String status = m == null || !m.everDeclared() ? null : !m.exists() ? "RETIRED" : m.currentStatus().name();
        return new GraphNode(id, m == null ? null : m.teamId(), m == null || m.descriptor() == null ? null : m.descriptor().value().name(),
                status, m == null || !m.exists() ? null : m.currentDueDate(), forecast, cycle, root, depth);
    }

    /** The source named on the events a shorthand stands for. */
    public static final String SOURCE = "what-if";

    /**
     * The folded state only: nothing is derived until a what-if or a query asks, and then only
     * what it reaches (decision 55). Keeping every answer current here repeated the graph task's
     * derivations, a third of a core under a steady stream, for what-ifs that may never come.
     */
    private final Engine engine = new Engine();

    /**
     * A replica of the state {@code accepted} events fold into (events that passed
     * {@link EventRules#check}, in any order): for tests and benchmarks, which have the events
     * rather than the stores.
     */
    public static WhatIf of(Iterable<MilestoneEvent> accepted) {
        WhatIf whatIf = new WhatIf();
        accepted.forEach(whatIf.engine::apply);
        whatIf.engine.forgetChanges();
        return whatIf;
    }

    /** Takes a milestone's registers as they are now (a newer state of the same id replaces the older). */
    public synchronized void put(MilestoneState state) {
        engine.restore(AvroMapping.fromAvro(state));
    }

    /** Takes an edge's register as it is now. */
    public synchronized void put(DependencyState state) {
        engine.restore(AvroMapping.fromAvro(state));
    }

    /**
     * Runs {@code puts} (calls of {@link #put}) as one step: no what-if runs in between, so none
     * sees half of what the feeder read at once.
     */
    public synchronized void batch(Runnable puts) {
        puts.run();
    }

    /** A milestone's registers as the replica has them, or null when it knows none for that id. */
    public synchronized MilestoneState milestone(String id) {
        Milestone m = engine.graph().milestone(id);
        return m == null ? null : AvroMapping.toAvro(m);
    }

    /**
     * The edge registers out of milestone {@code id} as the replica has them, present and removed
     * (a removed register keeps the stamp of its removal); empty when it knows none.
     */
    public synchronized List<DependencyState> dependencies(String id) {
        return engine.graph().dependenciesOf(id).stream().map(AvroMapping::toAvro).toList();
    }

    /** The present edge registers into milestone {@code id} (who depends on it now), in no order. */
    public synchronized List<DependencyState> dependents(String id) {
        return engine.graph().dependentsOf(id).stream().map(AvroMapping::toAvro).toList();
    }

    /** Number of ids known, milestones and ids only edges name. */
    public synchronized int size() {
        return engine.graph().size();
    }

    /**
     * Applies the hypotheses in order, on top of the state fed so far, and answers what they
     * change. Nothing of them stays.
     *
     * @throws BadHypothesis when a shorthand names a milestone or dependency that does not exist
     */
    public synchronized Outcome run(List<Hypothesis> hypotheses) {
        // Both sides are derived for what the hypotheses reach, and nothing else.
        Engine.Hypothetical h = engine.whatIf(hypotheses.size(), i -> event(i, hypotheses.get(i)));
        List<Change> changed = new ArrayList<>();
        for (Engine.AnswerChange c : h.changes()) {
            changed.add(new Change(
                    c.launchId(),
                    c.before() == null ? null : AvroMapping.toAvro(c.launchId(), c.before(), null),
                    c.after() == null ? null : AvroMapping.toAvro(c.launchId(), c.after(), null)));
        }
        return new Outcome(changed, h.unchanged(), side(h.statesBefore(), h.forecastsBefore()), side(h.statesAfter(), h.forecastsAfter()));
    }

    private static Side side(Map<String, Milestone> states, Map<String, io.launchgraph.topology.internal.MilestoneForecast> forecasts) {
        Map<String, MilestoneState> s = new HashMap<>();
        states.forEach((id, m) -> s.put(id, AvroMapping.toAvro(m)));
        Map<String, MilestoneForecast> f = new HashMap<>();
        forecasts.forEach((id, x) -> f.put(id, AvroMapping.toAvro(id, x)));
        return new Side(s, f);
    }

    /** The event a hypothesis stands for, read against the graph as the earlier hypotheses left it. */
    private MilestoneEvent event(int index, Hypothesis h) {
        Object body;
        String subject;
        if (h instanceof Event e) {
            return e.event();
        } else if (h instanceof Slip s) {
            Milestone m = declared(index, s.milestoneId());
            LocalDate due = m.currentDueDate();
            if (due == null) {
                throw new BadHypothesis(index, CANNOT_SLIP, "milestone " + s.milestoneId() + " has no due date to slip from; "
                        + "set one with a MilestoneDueDateChanged instead");
            }
            LocalDate slipped = due.plusDays(s.days());
            if (slipped.getYear() < 1 || slipped.getYear() > 9999) {
                throw new BadHypothesis(index, CANNOT_SLIP, "slipping " + s.milestoneId() + " by " + s.days() + " days leaves years 0001 to 9999");
            }
            subject = s.milestoneId();
            body = new MilestoneDueDateChanged(s.milestoneId(), slipped);
        } else if (h instanceof Done d) {
            declared(index, d.milestoneId());
            subject = d.milestoneId();
            body = new MilestoneStatusChanged(d.milestoneId(), MilestoneStatus.DONE);
        } else {
            Remove r = (Remove) h;
            Dependency edge = engine.graph().dependency(r.dependentId(), r.dependencyId());
            if (edge == null || !edge.present()) {
                throw new BadHypothesis(index, UNKNOWN_DEPENDENCY, "no dependency " + r.dependentId() + " -> " + r.dependencyId() + " to remove");
            }
            subject = r.dependentId();
            body = new DependencyRemoved(r.dependentId(), r.dependencyId());
        }
        return MilestoneEvent.newBuilder()
                .setEventId(SOURCE + "-" + index + "-" + subject)
                .setOccurredAt(Instant.EPOCH)
                .setSource(SOURCE)
                .setEvent(body)
                .build();
    }

    private Milestone declared(int index, String id) {
        Milestone m = engine.graph().milestone(id);
        if (m == null || !m.everDeclared()) {
            throw new BadHypothesis(index, UNKNOWN_MILESTONE, "unknown milestone " + id);
        }
        return m;
    }
}
