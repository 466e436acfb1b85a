package io.launchgraph.topology.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole organisation in memory, indexed for traversal both ways. It mirrors the state stores
 * (the source of truth, rebuilt from them after a restart); single-threaded by design.
 */
public final class Graph {
    private final Map<String, Node> nodes = new HashMap<>();
    private long epoch;

    Node node(String id) {
        return nodes.computeIfAbsent(id, Node::new);
    }

    Node find(String id) {
        return nodes.get(id);
    }

    Collection<Node> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    /** Every id the graph knows: milestones, and ids only edges name. */
    public Collection<String> ids() {
        return Collections.unmodifiableSet(nodes.keySet());
    }

    public int size() {
        return nodes.size();
    }

    /** The folded state of a milestone, or null when no milestone event named it. */
    public Milestone milestone(String id) {
        Node n = nodes.get(id);
        return n == null ? null : n.state;
    }

    /** The register of an edge, or null when no dependency event named it. */
    public Dependency dependency(String dependentId, String dependencyId) {
        Node n = nodes.get(dependentId);
        Edge e = n == null ? null : n.outEdge(dependencyId);
        return e == null ? null : e.register();
    }

    /** Every edge register out of {@code dependentId}, present and removed, by dependency id; empty when none. */
    public List<Dependency> dependenciesOf(String dependentId) {
        Node n = nodes.get(dependentId);
        if (n == null) {
            return List.of();
        }
        List<Dependency> out = new ArrayList<>(n.outCount);
        for (int i = 0; i < n.outCount; i++) {
            out.add(n.out[i].register());
        }
        return out;
    }

    /** The present edge registers into {@code dependencyId}, in no order; empty when none. */
    public List<Dependency> dependentsOf(String dependencyId) {
        Node n = nodes.get(dependencyId);
        if (n == null) {
            return List.of();
        }
        List<Dependency> in = new ArrayList<>(n.inCount);
        for (int i = 0; i < n.inCount; i++) {
            in.add(n.in[i].register());
        }
        return in;
    }

    Node putMilestone(Milestone milestone) {
        Node n = node(milestone.id());
        n.setState(milestone);
        return n;
    }

    Node putDependency(Dependency dependency) {
        Node source = node(dependency.dependentId());
        Edge edge = source.outEdge(dependency.dependencyId());
        if (edge == null) {
            edge = new Edge(source, node(dependency.dependencyId()), dependency);
            source.addOut(edge);
            if (dependency.present()) {
                edge.target.addIn(edge);
            }
            return source;
        }
        boolean wasPresent = edge.present;
        edge.setRegister(dependency);
        if (dependency.present() && !wasPresent) {
            edge.target.addIn(edge);
        } else if (!dependency.present() && wasPresent) {
            edge.target.removeIn(edge);
        }
        return source;
    }

    /** Forgets an edge register entirely, as if no event had named it (undoing a what-if). */
    void removeDependency(String dependentId, String dependencyId) {
        Node source = nodes.get(dependentId);
        Edge edge = source.outEdge(dependencyId);
        if (edge.present) {
            edge.target.removeIn(edge);
        }
        source.removeOut(dependencyId);
    }

    /** Forgets the node of {@code id} when nothing names it any more (undoing a what-if). */
    void forgetIfUnnamed(String id) {
        Node n = nodes.get(id);
        if (n != null && n.unnamed()) {
            nodes.remove(id);
        }
    }

    /** A fresh mark for one traversal; a long, so it never wraps round to a mark still in use. */
    long nextEpoch() {
        return ++epoch;
    }
}
