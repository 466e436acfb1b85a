package io.launchgraph.app.importer;

import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects what the parsers read into a {@link Desired}: milestones by id, edges by pair, refused rows, notes. */
final class DesiredBuilder {
    private final Map<String, Desired.Milestone> milestones = new TreeMap<>();
    private final Map<String, Problem.Position> milestoneAt = new HashMap<>();
    private final Map<String, Desired.Edge> edges = new TreeMap<>();
    private final Map<String, Problem.Position> edgeAt = new HashMap<>();
    private final Set<String> coveredOut = new TreeSet<>();
    private final Set<String> coveredIn = new TreeSet<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> skippedLinkTypes = new TreeMap<>();
    private final Map<String, Integer> unknownStatuses = new TreeMap<>();

    void problem(Problem p) {
        problems.add(p);
    }

    int problemCount() {
        return problems.size();
    }

    void note(String note) {
        notes.add(note);
    }

    void coversOut(String id) {
        coveredOut.add(id);
    }

    void coversIn(String id) {
        coveredIn.add(id);
    }

    /** A link of a type the mapping neither blocks nor relates: counted for one note rather than refused. */
    void skippedLinkType(String type) {
        skippedLinkTypes.merge(type, 1, Integer::sum);
    }

    /** An issue whose status the mapping does not know, taken as its "unknownStatus". */
    void unknownStatus(String status) {
        unknownStatuses.merge(status, 1, Integer::sum);
    }

    /** A milestone; the same id twice is fine when both rows say the same, else the later row is refused. */
    void milestone(Problem.Position at, Desired.Milestone m) {
        Problem.Position earlier = milestoneAt.putIfAbsent(m.id(), at);
        if (earlier == null) {
            milestones.put(m.id(), m);
        } else if (!milestones.get(m.id()).equals(m)) {
            problems.add(at.problem(m.id() + " is also at " + where(earlier) + ", with other content; an export lists each issue once"));
        }
    }

    /**
     * A tracker link seen on one of its ends (Jira shows a link on both issues): both sightings
     * make one edge, HARD when either says so, with the later of the issues' updated times.
     */
    void link(Problem.Position at, String dependentId, String dependencyId, DependencyStrength strength, Instant updated) {
        if (!validEdge(at, dependentId, dependencyId)) {
            return;
        }
        String key = dependentId + "\n" + dependencyId;
        Desired.Edge seen = edges.get(key);
        if (seen == null) {
            edges.put(key, new Desired.Edge(dependentId, dependencyId, strength, null, updated));
            return;
        }
        DependencyStrength s = seen.strength() == DependencyStrength.HARD || strength == DependencyStrength.HARD
                ? DependencyStrength.HARD : DependencyStrength.SOFT;
        Instant latest = seen.updatedAt() == null ? updated : updated == null || updated.isBefore(seen.updatedAt()) ? seen.updatedAt() : updated;
        edges.put(key, new Desired.Edge(dependentId, dependencyId, s, null, latest));
    }

    /** An edge stated once, with its attributes (the CSV template): stated twice differently, the later row is refused. */
    void edge(Problem.Position at, Desired.Edge e) {
        if (!validEdge(at, e.dependentId(), e.dependencyId())) {
            return;
        }
        String key = e.dependentId() + "\n" + e.dependencyId();
        Problem.Position earlier = edgeAt.putIfAbsent(key, at);
        if (earlier == null) {
            edges.put(key, e);
        } else if (!Objects.equals(edges.get(key), e)) {
            problems.add(at.problem("dependency " + e.dependentId() + " -> " + e.dependencyId() + " is also at " + where(earlier)
                    + ", with other attributes"));
        }
    }

    private boolean validEdge(Problem.Position at, String dependentId, String dependencyId) {
        for (String id : List.of(dependentId, dependencyId)) {
            Rejection r = EventRules.idProblem("linked id", id);
            if (r != null) {
                problems.add(at.problem("link to \"" + id + "\": " + r.message()));
                return false;
            }
        }
        if (dependentId.equals(dependencyId)) {
            problems.add(at.problem(dependentId + " is linked to itself; a milestone cannot depend on itself"));
            return false;
        }
        return true;
    }

    Desired build() {
        List<String> all = new ArrayList<>();
        if (!skippedLinkTypes.isEmpty()) {
            all.add("links of types the mapping neither blocks nor relates were not imported: " + skippedLinkTypes
                    + " (set \"blocks\" or \"relates\" in the mapping to import them)");
        }
        unknownStatuses.forEach((status, n) -> all.add("status \"" + status + "\" is not in the mapping; " + n
                + " issue(s) took the mapping's \"unknownStatus\""));
        all.addAll(notes);
        return new Desired(List.copyOf(milestones.values()), List.copyOf(edges.values()), coveredOut, coveredIn, problems, all);
    }

    private static String where(Problem.Position p) {
        return p.line() != null ? "line " + p.line() : "issue " + p.index();
    }
}
