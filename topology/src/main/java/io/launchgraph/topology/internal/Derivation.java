package io.launchgraph.topology.internal;

import io.launchgraph.topology.internal.Answer.Blocker;
import io.launchgraph.topology.internal.Answer.Risk;
import io.launchgraph.topology.internal.Answer.Root;
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
 * <p>Not thread-safe: it reuses its work lists and the nodes' scratch fields.
 */
final class Derivation {
    private static final Comparator<Root> BY_MILESTONE = Comparator.comparing(Root::milestoneId);
    /**
     * Enough to order risk by (dependent, dependency): each dependent's entries are added together,
     * in the order of its out-edges, which is dependency order; the sort is stable.
     */
    private static final Comparator<Risk> BY_DEPENDENT = Comparator.comparing(Risk::dependentId);

    private final Graph graph;
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

    Derivation(Graph graph) {
        this.graph = graph;
    }

    /**
     * Finds the strongly connected components of the blocking subgraphs of {@code launches}.
     * Must precede {@link #derive} of any of them, with no change to the graph in between.
     */
    void prepare(Collection<Node> launches) {
        componentEpoch = graph.nextEpoch();
        tarjanIndex = 0;
        for (Node launch : launches) {
            if (launch.openLaunch && launch.tarjanMark != componentEpoch) {
                components(launch);
            }
        }
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
        for (int next = 0; next < reached.size(); next++) {
            Node u = reached.get(next);
            if (blocked && u.inSinkComponent) {
                roots.add(new Root(u.id, u.teamId, u.reason, u.componentSize > 1, pathTo(u)));
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
        return new Answer(true, blocked, direct, roots, risk);
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
