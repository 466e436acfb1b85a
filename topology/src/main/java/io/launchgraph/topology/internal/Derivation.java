package io.launchgraph.topology.internal;

import io.launchgraph.avro.ForecastState;
import io.launchgraph.topology.internal.Answer.Blocker;
import io.launchgraph.topology.internal.Answer.Forecast;
import io.launchgraph.topology.internal.Answer.Risk;
import io.launchgraph.topology.internal.Answer.Root;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Derives launches' answers from the graph index: direct blockers, root blockers with their
 * shortest, smallest-id paths, and schedule risk.
 *
 * <p>Root blockers are the bottom strongly connected components of a launch's blocking subgraph.
 * That subgraph is everything reachable from the launch along blocking edges, so it is closed
 * under them: its components are components of the whole blocking graph, and one is at its bottom
 * exactly when no blocking edge leaves it at all. {@link #prepare} therefore finds the components
 * once for a whole batch of launches (one Tarjan over the union of their subgraphs), and
 * {@link #derive} needs a single breadth-first pass per launch, which also collects risk.
 *
 * <p>Forecasts ride on the same Tarjan: it closes components in reverse topological order, so
 * when a component closes, every component its blocking edges lead to is closed and forecast
 * already, and each node's forecast takes one pass over its out-edges. {@link #derive} then
 * reads the launch's forecast, follows the largest slip for a LATE critical path, and takes the
 * paths of NEVER and UNSCHEDULED from its breadth-first pass (the first node of the kind in
 * breadth-first order is the nearest, smallest path).
 *
 * <p>Not thread-safe: it reuses its work lists and the nodes' scratch fields.
 */
final class Derivation {
    private static final Comparator<Root> BY_MILESTONE = Comparator.comparing(Root::milestoneId);
    /**
     * Enough to order risk by (dependent, dependency): each dependent's entries are added together,
     * in the order of its out-edges, which is dependency order; the sort is stable.
     */
    private static final Comparator<Risk> BY_DEPENDENT = Comparator.comparing(Risk::dependentId);

    /** Forecasts saturate here (about year 5,881,580) so that no chain of slips overflows a date. */
    static final long MAX_FORECAST_DAY = Integer.MAX_VALUE;

    private final Graph graph;
    private final boolean forecasts;
    /** Breadth-first order of the blocking subgraph; doubles as the queue. */
    private final ArrayList<Node> reached = new ArrayList<>();
    private final ArrayList<Node> callStack = new ArrayList<>();
    private final ArrayList<Node> componentStack = new ArrayList<>();
    // Reused between launches so that they grow once; the answer keeps exact-size copies.
    private final ArrayList<Root> roots = new ArrayList<>();
    private final ArrayList<Risk> risk = new ArrayList<>();
    /** The epoch of the last {@link #prepare}; nodes marked with it have component facts. */
    private long componentEpoch = -1;
    private int tarjanIndex;
    /** Nodes Tarjan's search has opened since this derivation was made (what a recompute costs). */
    private long searched;

    /** Answers with forecasts (contract v2), or without them (v1: for the benchmark's baseline). */
    Derivation(Graph graph, boolean forecasts) {
        this.graph = graph;
        this.forecasts = forecasts;
    }

    /**
     * Finds the strongly connected components of the blocking subgraphs of {@code starts}, and
     * with forecasts on, the forecast of every node in them. Must precede {@link #derive} of a
     * launch and {@link #forecastOf} of a milestone among them, with no change to the graph in
     * between. Without forecasts only launches need it, and other nodes are skipped.
     */
    void prepare(Collection<Node> starts) {
        componentEpoch = graph.nextEpoch();
        prepareMore(starts);
    }

    /**
     * Goes on with the {@link #prepare} before, for more starts: Tarjan from further roots in the
     * same epoch. Nodes it saw keep what it found and are not visited again, so the graph may
     * have changed since only where every node whose subgraph changed was {@link #forget}ten: a
     * node whose subgraph is unchanged keeps its component, its sink flag and its forecast.
     */
    void prepareMore(Collection<Node> starts) {
        for (Node start : starts) {
            if ((forecasts ? start.open : start.openLaunch) && start.tarjanMark != componentEpoch) {
                components(start);
            }
        }
    }

    /**
     * Drops what {@link #prepare} found for {@code n}, whose blocking subgraph changed; the next
     * {@link #prepareMore} that reaches it finds its component again.
     */
    void forget(Node n) {
        n.tarjanMark = 0;
    }

    long searched() {
        return searched;
    }

    /** The epoch of the last {@link #prepare}: another prepare since then changes it. */
    long epoch() {
        return componentEpoch;
    }

    /** The forecast of an open node that {@link #prepare} has seen, or null for a node not open. */
    MilestoneForecast forecastOf(Node n) {
        if (!n.open || !forecasts) {
            return null;
        }
        if (n.tarjanMark != componentEpoch) {
            throw new IllegalStateException("forecastOf(" + n.id + ") without prepare()");
        }
        return switch (n.forecast) {
            case NEVER, UNSCHEDULED -> new MilestoneForecast(n.forecast, null, null);
            case ON_TIME, LATE -> new MilestoneForecast(n.forecast, LocalDate.ofEpochDay(n.forecastDay), slipDays(n));
        };
    }

    /** Derives one launch that {@link #prepare} has seen. */
    Answer derive(Node launch) {
        if (!launch.openLaunch) {
            return Answer.CLOSED;
        }
        if (launch.tarjanMark != componentEpoch) {
            throw new IllegalStateException("derive(" + launch.id + ") without prepare()");
        }
        List<Blocker> direct = new ArrayList<>();
        for (int i = 0; i < launch.outCount; i++) {
            Edge e = launch.out[i];
            if (e.blocking()) {
                direct.add(new Blocker(e.target.id, e.target.teamId, e.target.reason));
            }
        }
        boolean blocked = !direct.isEmpty();
        roots.clear();
        risk.clear();
        // Breadth-first along blocking edges. Out-edges are sorted by target id, so visiting each
        // level in order and each node's targets in order gives every node the smallest of its
        // shortest paths through its parent: two paths of equal length first differ in their
        // parents' paths, or share the parent and differ in the last id.
        long epoch = graph.nextEpoch();
        reached.clear();
        launch.mark = epoch;
        launch.parent = null;
        reached.add(launch);
        // The nearest node that cannot finish as planned, and the nearest without a due date.
        Node stuck = null;
        Node undated = null;
        for (int next = 0; next < reached.size(); next++) {
            Node u = reached.get(next);
            if (blocked && u.inSinkComponent) {
                roots.add(new Root(u.id, u.teamId, u.reason, u.componentSize > 1, pathTo(u)));
            }
            if (stuck == null && (!u.open || u.componentSize > 1)) {
                stuck = u;
            }
            if (undated == null && u.dueDay == Node.NO_DAY) {
                undated = u;
            }
            if (!u.open) {
                continue;
            }
            for (int i = 0; i < u.outCount; i++) {
                Edge e = u.out[i];
                Node v = e.target;
                if (!e.present || v.resolved) {
                    continue;
                }
                addRiskIfLate(u, e);
                if (e.hard && v.mark != epoch) {
                    v.mark = epoch;
                    v.parent = u;
                    reached.add(v);
                }
            }
        }
        roots.sort(BY_MILESTONE);
        risk.sort(BY_DEPENDENT);
        return new Answer(true, blocked, direct, roots, risk, forecasts ? forecast(launch, stuck, undated) : null);
    }

    private static Forecast forecast(Node launch, Node stuck, Node undated) {
        return switch (launch.forecast) {
            case NEVER -> Forecast.never(pathTo(stuck));
            case UNSCHEDULED -> Forecast.unscheduled(pathTo(undated));
            case ON_TIME -> Forecast.onTime(LocalDate.ofEpochDay(launch.forecastDay));
            case LATE -> Forecast.late(LocalDate.ofEpochDay(launch.forecastDay), slipDays(launch), criticalPath(launch));
        };
    }

    private static int slipDays(Node n) {
        return (int) Math.min(Integer.MAX_VALUE, n.forecastDay - n.dueDay);
    }

    /** From a LATE node along the largest slips, to the first node that is forecast on its due date. */
    private static List<String> criticalPath(Node late) {
        List<String> path = new ArrayList<>();
        path.add(late.id);
        for (Node x = late; x.forecastDay > x.dueDay; x = x.slipFrom) {
            path.add(x.slipFrom.id);
        }
        return path;
    }

    /**
     * The forecast of a component whose successors are all forecast (Tarjan closes components
     * in reverse topological order). Several members: a cycle, NEVER. One member: NEVER when it
     * is not open or waits on NEVER; else UNSCHEDULED when it or what it waits on has no date;
     * else its due date pushed back by the largest slip of a blocking edge, F(y) - needed(e).
     */
    private static void forecast(List<Node> members) {
        if (members.size() > 1) {
            for (Node m : members) {
                m.forecast = ForecastState.NEVER;
                m.slipFrom = null;
            }
            return;
        }
        Node v = members.get(0);
        v.slipFrom = null;
        v.forecast = singleForecast(v);
    }

    /** The forecast of a node outside any cycle; for a date, also sets the day and the slip's source. */
    private static ForecastState singleForecast(Node v) {
        if (!v.open) {
            return ForecastState.NEVER;
        }
        boolean unscheduled = v.dueDay == Node.NO_DAY;
        long slip = 0;
        Node from = null;
        for (int i = 0; i < v.outCount; i++) {
            Edge e = v.out[i];
            if (!e.blocking()) {
                continue;
            }
            Node y = e.target;
            if (y.forecast == ForecastState.NEVER) {
                return ForecastState.NEVER;
            }
            if (y.forecast == ForecastState.UNSCHEDULED) {
                unscheduled = true;
            } else if (!unscheduled) {
                long needed = e.neededByDay != Node.NO_DAY ? e.neededByDay : v.dueDay;
                // Strictly larger: out-edges are in target order, so ties keep the smallest target.
                if (y.forecastDay - needed > slip) {
                    slip = y.forecastDay - needed;
                    from = y;
                }
            }
        }
        if (unscheduled) {
            return ForecastState.UNSCHEDULED;
        }
        v.forecastDay = Math.min(MAX_FORECAST_DAY, v.dueDay + slip);
        v.slipFrom = from;
        return slip > 0 ? ForecastState.LATE : ForecastState.ON_TIME;
    }

    /**
     * Risk: an edge of any strength from an open node of the subgraph to an unresolved target that
     * is due after the needed date (the edge's, else the dependent's), or has no due date.
     */
    private void addRiskIfLate(Node u, Edge e) {
        int neededDay = e.neededByDay != Node.NO_DAY ? e.neededByDay : u.dueDay;
        if (neededDay == Node.NO_DAY) {
            return;
        }
        Node m = e.target;
        if (m.dueDay == Node.NO_DAY || m.dueDay > neededDay) {
            risk.add(new Risk(u.id, m.id, e.strength, e.neededBy != null ? e.neededBy : u.due, m.due));
        }
    }

    /**
     * Tarjan's algorithm from one launch, iterative so that long chains cannot overflow the stack.
     * A component is at the bottom when no blocking edge leaves it: an edge to a node whose
     * component is already complete leaves, and so does the edge from a parent into a child that
     * closed a component.
     */
    private void components(Node start) {
        long epoch = componentEpoch;
        // Indices are compared only among nodes on the stack, all of this search: numbering each
        // search from 0 keeps an epoch that lasts from recompute to recompute from overflowing.
        tarjanIndex = 0;
        callStack.clear();
        open(start, epoch);
        while (!callStack.isEmpty()) {
            Node v = callStack.get(callStack.size() - 1);
            if (v.tarjanEdge < v.outCount) {
                Edge e = v.out[v.tarjanEdge++];
                if (!e.blocking()) {
                    continue;
                }
                Node w = e.target;
                if (w.tarjanMark != epoch) {
                    open(w, epoch);
                } else if (w.onStack) {
                    v.tarjanLow = Math.min(v.tarjanLow, w.tarjanIndex);
                } else {
                    v.exits = true;
                }
                continue;
            }
            callStack.remove(callStack.size() - 1);
            Node parent = callStack.isEmpty() ? null : callStack.get(callStack.size() - 1);
            if (v.tarjanLow == v.tarjanIndex) {
                closeComponent(v);
                if (parent != null) {
                    parent.exits = true;
                }
            } else if (parent != null) {
                parent.tarjanLow = Math.min(parent.tarjanLow, v.tarjanLow);
            }
        }
    }

    private void open(Node v, long epoch) {
        searched++;
        v.tarjanMark = epoch;
        v.tarjanIndex = tarjanIndex;
        v.tarjanLow = tarjanIndex;
        tarjanIndex++;
        v.tarjanEdge = 0;
        v.exits = false;
        v.onStack = true;
        callStack.add(v);
        componentStack.add(v);
    }

    private void closeComponent(Node root) {
        int start = componentStack.size() - 1;
        while (componentStack.get(start) != root) {
            start--;
        }
        List<Node> members = componentStack.subList(start, componentStack.size());
        boolean exits = false;
        for (Node m : members) {
            m.onStack = false;
            exits |= m.exits;
        }
        for (Node m : members) {
            m.inSinkComponent = !exits;
            m.componentSize = members.size();
        }
        if (forecasts) {
            forecast(members);
        }
        members.clear();
    }

    private static List<String> pathTo(Node m) {
        int length = 0;
        for (Node n = m; n != null; n = n.parent) {
            length++;
        }
        String[] path = new String[length];
        for (Node n = m; n != null; n = n.parent) {
            path[--length] = n.id;
        }
        return Arrays.asList(path);
    }
}
