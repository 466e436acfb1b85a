package io.launchgraph.topology.internal;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.topology.internal.Answer.Blocker;
import io.launchgraph.topology.internal.Answer.Risk;
import io.launchgraph.topology.internal.Answer.Root;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Derives one launch's answer from the graph index: direct blockers, root blockers (the bottom
 * strongly connected components of the launch's blocking subgraph) with their shortest,
 * smallest-id paths, and schedule risk. Cost is linear in the launch's blocking subgraph.
 *
 * <p>Not thread-safe: it reuses its work lists and the nodes' scratch fields.
 */
final class Derivation {
    private static final Comparator<Root> BY_MILESTONE = Comparator.comparing(Root::milestoneId);
    private static final Comparator<Risk> BY_EDGE =
            Comparator.comparing(Risk::dependentId).thenComparing(Risk::dependencyId);

    private final Graph graph;
    /** Breadth-first order of the blocking subgraph; doubles as the queue. */
    private final ArrayList<Node> reached = new ArrayList<>();
    private final ArrayList<Node> callStack = new ArrayList<>();
    private final ArrayList<Node> componentStack = new ArrayList<>();

    Derivation(Graph graph) {
        this.graph = graph;
    }

    Answer derive(Node launch) {
        if (!launch.openLaunch) {
            return Answer.CLOSED;
        }
        List<Blocker> direct = new ArrayList<>();
        for (int i = 0; i < launch.outCount; i++) {
            Edge e = launch.out[i];
            if (e.blocking()) {
                direct.add(new Blocker(e.target.id, teamOf(e.target), reasonOf(e.target)));
            }
        }
        reach(launch);
        if (direct.isEmpty()) {
            return new Answer(true, false, List.of(), List.of(), risk());
        }
        return new Answer(true, true, direct, roots(launch), risk());
    }

    /**
     * Breadth-first search along blocking edges. Out-edges are sorted by target id, so visiting
     * each level in order and each node's targets in order gives every node the smallest of its
     * shortest paths through {@link Node#parent}: two paths of equal length first differ in their
     * parents' paths, or share the parent and differ in the last id.
     */
    private void reach(Node launch) {
        long epoch = graph.nextEpoch();
        reached.clear();
        launch.mark = epoch;
        launch.parent = null;
        reached.add(launch);
        for (int next = 0; next < reached.size(); next++) {
            Node u = reached.get(next);
            if (!u.open) {
                continue;
            }
            for (int i = 0; i < u.outCount; i++) {
                Edge e = u.out[i];
                Node v = e.target;
                if (v.mark != epoch && e.blocking()) {
                    v.mark = epoch;
                    v.parent = u;
                    reached.add(v);
                }
            }
        }
    }

    /**
     * Tarjan's algorithm, iterative so that long chains cannot overflow the stack. A component is
     * at the bottom when no blocking edge leaves it: an edge to a node whose component is already
     * complete leaves, and so does the edge from a parent into a child that closed a component.
     */
    private List<Root> roots(Node launch) {
        long epoch = graph.nextEpoch();
        int index = 0;
        List<Root> roots = new ArrayList<>();
        callStack.clear();
        componentStack.clear();
        index = open(launch, epoch, index);
        while (!callStack.isEmpty()) {
            Node v = callStack.get(callStack.size() - 1);
            if (v.tarjanEdge < v.outCount) {
                Edge e = v.out[v.tarjanEdge++];
                if (!e.blocking()) {
                    continue;
                }
                Node w = e.target;
                if (w.tarjanMark != epoch) {
                    index = open(w, epoch, index);
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
                closeComponent(v, roots);
                if (parent != null) {
                    parent.exits = true;
                }
            } else if (parent != null) {
                parent.tarjanLow = Math.min(parent.tarjanLow, v.tarjanLow);
            }
        }
        roots.sort(BY_MILESTONE);
        return roots;
    }

    private int open(Node v, long epoch, int index) {
        v.tarjanMark = epoch;
        v.tarjanIndex = index;
        v.tarjanLow = index;
        v.tarjanEdge = 0;
        v.exits = false;
        v.onStack = true;
        callStack.add(v);
        componentStack.add(v);
        return index + 1;
    }

    private void closeComponent(Node root, List<Root> roots) {
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
        if (!exits) {
            boolean cycle = members.size() > 1;
            for (Node m : members) {
                roots.add(new Root(m.id, teamOf(m), reasonOf(m), cycle, pathTo(m)));
            }
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

    /** Edges of any strength leaving an open node of the blocking subgraph to a late target. */
    private List<Risk> risk() {
        List<Risk> risk = new ArrayList<>();
        for (Node u : reached) {
            if (!u.open) {
                continue;
            }
            LocalDate ownDue = u.state.currentDueDate();
            for (int i = 0; i < u.outCount; i++) {
                Edge e = u.out[i];
                Node m = e.target;
                if (!e.present() || m.resolved) {
                    continue;
                }
                LocalDate needed = e.register.neededBy() != null ? e.register.neededBy() : ownDue;
                if (needed == null) {
                    continue;
                }
                LocalDate due = m.state != null && m.state.exists() ? m.state.currentDueDate() : null;
                if (due == null || due.isAfter(needed)) {
                    risk.add(new Risk(u.id, m.id, e.register.strength(), needed, due));
                }
            }
        }
        risk.sort(BY_EDGE);
        return risk;
    }

    static String teamOf(Node m) {
        return m.state == null ? null : m.state.teamId();
    }

    static BlockReason reasonOf(Node m) {
        Milestone s = m.state;
        if (s == null || !s.everDeclared()) {
            return BlockReason.UNKNOWN;
        }
        if (!s.exists()) {
            return BlockReason.RETIRED;
        }
        return switch (s.currentStatus()) {
            case PLANNED -> BlockReason.PLANNED;
            case IN_PROGRESS -> BlockReason.IN_PROGRESS;
            case AT_RISK -> BlockReason.AT_RISK;
            case CANCELLED -> BlockReason.CANCELLED;
            case DONE -> throw new IllegalStateException(m.id + " is done, so it cannot block");
        };
    }
}
