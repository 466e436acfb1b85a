package io.launchgraph.topology.internal;

import io.launchgraph.avro.MilestoneStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole organisation in memory, indexed for traversal both ways. It mirrors the state stores
 * (the source of truth, rebuilt from them after a restart); single-threaded by design.
 *
 * <p>What it keeps, it keeps once: every event and store record decodes its own copies of ids,
 * team ids, labels and dates, and at 100k milestones those copies were half of the index's
 * strings. {@link #putMilestone} and {@link #putDependency} swap them for the node's id, one
 * shared instance of each team id and label, and one {@link LocalDate} per day.
 */
public final class Graph {
    /** Days from 1900-01-01 to 2199-12-31 share one instance each; others are kept as they come. */
    private static final long FIRST_SHARED_DAY = LocalDate.of(1900, 1, 1).toEpochDay();
    /** Words past this many (what-ifs may name any) are kept unshared. */
    private static final int MAX_WORDS = 1 << 20;
    private static final LocalDate[] DAYS = new LocalDate[(int) (LocalDate.of(2200, 1, 1).toEpochDay() - FIRST_SHARED_DAY)];

    private final Map<String, Node> nodes = new HashMap<>();
    /** One instance of each team id, label key and label value the milestones hold. */
    private final Map<String, String> words = new HashMap<>();
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
        n.setState(shared(n.id, milestone));
        return n;
    }

    Node putDependency(Dependency given) {
        Node source = node(given.dependentId());
        Edge edge = source.outEdge(given.dependencyId());
        Node target = edge != null ? edge.target : node(given.dependencyId());
        Dependency dependency = shared(source.id, target.id, given);
        if (edge == null) {
            edge = new Edge(source, target, dependency);
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

    /** {@code m} with the node's id, shared words and dates, and one stamp per event; {@code m} itself when it has them. */
    private Milestone shared(String id, Milestone m) {
        Register<Milestone.Descriptor> descriptor = m.descriptor();
        if (descriptor != null) {
            Milestone.Descriptor d = descriptor.value();
            Map<String, String> labels = sharedLabels(d.labels());
            String teamId = word(d.teamId());
            if (teamId != d.teamId() || labels != d.labels()) {
                descriptor = new Register<>(new Milestone.Descriptor(teamId, d.name(), d.kind(), labels), descriptor.stamp());
            }
        }
        Register<LocalDate> due = m.dueDate();
        if (due != null && due.value() != null && day(due.value()) != due.value()) {
            due = new Register<>(day(due.value()), due.stamp());
        }
        // Registers written by one event share its stamp; records decoded from a store hold a copy each.
        Register<MilestoneStatus> status = sameStamp(m.status(), descriptor);
        due = sameStamp(sameStamp(due, descriptor), status);
        Register<Boolean> existence = sameStamp(sameStamp(sameStamp(m.existence(), descriptor), status), due);
        if (id == m.id() && descriptor == m.descriptor() && status == m.status() && due == m.dueDate() && existence == m.existence()) {
            return m;
        }
        return new Milestone(id, descriptor, status, due, existence);
    }

    private Dependency shared(String dependentId, String dependencyId, Dependency d) {
        LocalDate neededBy = d.neededBy() == null ? null : day(d.neededBy());
        if (dependentId == d.dependentId() && dependencyId == d.dependencyId() && neededBy == d.neededBy()) {
            return d;
        }
        return new Dependency(dependentId, dependencyId, d.present(), d.strength(), neededBy, d.stamp());
    }

    /** {@code r} with {@code other}'s stamp instance when the two are equal. */
    private static <V> Register<V> sameStamp(Register<V> r, Register<?> other) {
        if (r == null || other == null || r.stamp() == other.stamp() || !r.stamp().equals(other.stamp())) {
            return r;
        }
        return new Register<>(r.value(), other.stamp());
    }

    private Map<String, String> sharedLabels(Map<String, String> labels) {
        boolean shared = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            shared &= word(e.getKey()) == e.getKey() && word(e.getValue()) == e.getValue();
        }
        if (shared) {
            return labels;
        }
        Map<String, String> copy = new HashMap<>(labels.size() * 2);
        labels.forEach((k, v) -> copy.put(word(k), word(v)));
        return Map.copyOf(copy);
    }

    private String word(String s) {
        if (words.size() >= MAX_WORDS) {
            // What-ifs may name words no real event does; past this, new ones go unshared.
            String kept = words.get(s);
            return kept == null ? s : kept;
        }
        String kept = words.putIfAbsent(s, s);
        return kept == null ? s : kept;
    }

    /**
     * The shared instance of a day. Two graphs (the graph task's and the what-if replica's) may
     * race to fill a slot: either instance is right, and {@code LocalDate}'s final fields make
     * it safe to read from any thread.
     */
    static LocalDate day(LocalDate date) {
        long i = date.toEpochDay() - FIRST_SHARED_DAY;
        if (i < 0 || i >= DAYS.length) {
            return date;
        }
        LocalDate kept = DAYS[(int) i];
        if (kept == null) {
            DAYS[(int) i] = date;
            return date;
        }
        return kept;
    }

    /** A fresh mark for one traversal; a long, so it never wraps round to a mark still in use. */
    long nextEpoch() {
        return ++epoch;
    }
}
