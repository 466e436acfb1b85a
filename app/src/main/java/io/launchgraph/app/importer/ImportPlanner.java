package io.launchgraph.app.importer;

import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.DescriptorRegister;
import io.launchgraph.avro.DueDateRegister;
import io.launchgraph.avro.ExistenceRegister;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.avro.Stamp;
import io.launchgraph.avro.StatusRegister;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what an export says ({@link Desired}) into the events that make the current graph say
 * it, and no others: a re-import emits nothing, a later export moves only what changed.
 *
 * <p>Per register (SEMANTICS.md: descriptor with existence, status, due date; an edge's presence):
 * a milestone never declared, retired, or whose team, name, kind or labels differ gets a
 * {@code MilestoneDeclared} (carrying the status and due date when those differ too); otherwise a
 * differing status or due date gets its own event. An edge that is missing or differs gets a
 * {@code DependencyDeclared}. An edge the export no longer has is removed only when the export
 * lists that end's edges completely ({@link Desired#coveredOut()}/{@link Desired#coveredIn()}) and
 * an import of the same source wrote it (its stamp's event id starts with {@code <source>:});
 * edges other sources declared are left alone. Milestones missing from an export are left alone:
 * an export may be a filtered view.
 *
 * <p>Event ids are {@code <source>:<kind>:<first 24 hex digits of the SHA-256 of the event's
 * canonical JSON>}, occurredAt included: the same fact gets the same id on every run. occurredAt
 * is the updated time, else the export's time; a removal's, the later of the dependent's
 * updated time and the export's. An event must win over the register it changes, so when the
 * register's stamp is not older, the event is stamped 1 ms after it (and a note says so).
 */
public final class ImportPlanner {
    private static final int MAX_NOTES = 50;

    private ImportPlanner() {}

    /** The events and the summary's counts. */
    public record Plan(List<MilestoneEvent> events, ImportSummary.Milestones milestones, ImportSummary.Edges edges, List<String> notes) {}

    public static Plan plan(Desired desired, CurrentGraph graph, String source, Instant exportedAt) {
        return new Run(desired, graph, source, exportedAt.truncatedTo(ChronoUnit.MILLIS)).plan();
    }

    private static final class Run {
        private final Desired desired;
        private final CurrentGraph graph;
        private final String source;
        private final Instant exportedAt;
        private final List<MilestoneEvent> milestoneEvents = new ArrayList<>();
        private final List<MilestoneEvent> edgeEvents = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Map<String, DependencyState>> out = new HashMap<>();
        private final Map<String, Instant> updated = new HashMap<>();
        private int added;
        private int changed;
        private int unchangedMilestones;
        private int declared;
        private int removed;
        private int unchangedEdges;
        private int leftAlone;
        private int bumped;

        Run(Desired desired, CurrentGraph graph, String source, Instant exportedAt) {
            this.desired = desired;
            this.graph = graph;
            this.source = source;
            this.exportedAt = exportedAt;
            desired.milestones().forEach(m -> {
                if (m.updatedAt() != null) {
                    updated.put(m.id(), m.updatedAt());
                }
            });
        }

        Plan plan() {
            desired.milestones().forEach(this::milestone);
            Set<String> wanted = new HashSet<>();
            for (Desired.Edge e : desired.edges()) {
                wanted.add(e.dependentId() + "\n" + e.dependencyId());
                edge(e);
            }
            removals(wanted);
            List<MilestoneEvent> events = new ArrayList<>(milestoneEvents);
            events.addAll(edgeEvents);
            List<String> all = new ArrayList<>(desired.notes());
            if (bumped > 0) {
                all.add(bumped + " event(s) are stamped 1 ms after the register they change, because the export's time was not newer "
                        + "(details follow)");
            }
            all.addAll(notes);
            if (all.size() > MAX_NOTES) {
                int more = all.size() - MAX_NOTES;
                all = new ArrayList<>(all.subList(0, MAX_NOTES));
                all.add("(" + more + " more notes)");
            }
            return new Plan(events, new ImportSummary.Milestones(added, changed, unchangedMilestones),
                    new ImportSummary.Edges(declared, removed, unchangedEdges, leftAlone), all);
        }

        private void milestone(Desired.Milestone m) {
            Registers r = Registers.of(graph.milestone(m.id()));
            boolean describe = !r.declares(m);
            boolean statusDiffers = r.statusDiffers(m.status());
            boolean dueDiffers = r.dueDiffers(m.dueDate());
            Instant base = m.updatedAt() != null ? m.updatedAt() : exportedAt;
            int before = milestoneEvents.size();
            boolean dueCarried = false;
            if (describe) {
                boolean carryStatus = r.st() == null || statusDiffers;
                dueCarried = dueDiffers && m.dueDate() != null;
                Instant at = after(base, m.id() + " (declaration)", stamp(r.d()), stamp(r.ex()), carryStatus ? stamp(r.st()) : null,
                        dueCarried ? stamp(r.du()) : null);
                milestoneEvents.add(event("declared", at, new MilestoneDeclared(m.id(), m.teamId(), m.name(), m.kind(),
                        dueCarried ? m.dueDate() : null, carryStatus ? m.status() : null, m.labels().isEmpty() ? null : new TreeMap<>(m.labels()))));
            } else if (statusDiffers) {
                milestoneEvents.add(event("status", after(base, m.id() + " (status)", stamp(r.st())), new MilestoneStatusChanged(m.id(), m.status())));
            }
            if (dueDiffers && !dueCarried) {
                milestoneEvents.add(event("due", after(base, m.id() + " (due date)", stamp(r.du())), new MilestoneDueDateChanged(m.id(), m.dueDate())));
            }
            if (r.d() == null) {
                added++;
            } else if (milestoneEvents.size() > before) {
                changed++;
            } else {
                unchangedMilestones++;
            }
        }

        private void edge(Desired.Edge e) {
            DependencyState cur = outOf(e.dependentId()).get(e.dependencyId());
            if (cur != null && cur.getPresent() && cur.getStrength() == e.strength() && Objects.equals(cur.getNeededBy(), e.neededBy())) {
                unchangedEdges++;
                return;
            }
            Instant base = e.updatedAt() != null ? e.updatedAt() : exportedAt;
            Instant at = after(base, e.dependentId() + " -> " + e.dependencyId(), cur == null ? null : cur.getStamp());
            edgeEvents.add(event("dependency", at, new DependencyDeclared(e.dependentId(), e.dependencyId(), e.strength(), e.neededBy())));
            declared++;
        }

        /** Present edges at ids the export covers, not in the export: removed when this source wrote them. */
        private void removals(Set<String> wanted) {
            Map<String, DependencyState> candidates = new TreeMap<>();
            for (String id : desired.coveredOut()) {
                outOf(id).values().forEach(s -> candidates.put(s.getDependentId() + "\n" + s.getDependencyId(), s));
            }
            for (String id : desired.coveredIn()) {
                graph.dependentsOf(id).forEach(s -> candidates.put(s.getDependentId() + "\n" + s.getDependencyId(), s));
            }
            String prefix = source + ":";
            for (Map.Entry<String, DependencyState> c : candidates.entrySet()) {
                DependencyState s = c.getValue();
                if (!s.getPresent() || wanted.contains(c.getKey())) {
                    continue;
                }
                String edge = s.getDependentId() + " -> " + s.getDependencyId();
                if (!s.getStamp().getEventId().startsWith(prefix)) {
                    leftAlone++;
                    notes.add("edge " + edge + " is not in the export but another source declared it (event " + s.getStamp().getEventId()
                            + "): left alone");
                    continue;
                }
                Instant base = latest(exportedAt, updated.get(s.getDependentId()), updated.get(s.getDependencyId()));
                Instant at = after(base, edge + " (removal)", s.getStamp());
                edgeEvents.add(event("removed", at, new DependencyRemoved(s.getDependentId(), s.getDependencyId())));
                removed++;
            }
        }

        private Map<String, DependencyState> outOf(String id) {
            return out.computeIfAbsent(id, k -> {
                Map<String, DependencyState> byTarget = new LinkedHashMap<>();
                graph.dependenciesOf(k).forEach(s -> byTarget.put(s.getDependencyId(), s));
                return byTarget;
            });
        }

        /** {@code base}, or 1 ms after the newest of {@code stamps} when that is not older: the event must win. */
        private Instant after(Instant base, String what, Stamp... stamps) {
            Stamp newest = null;
            for (Stamp s : stamps) {
                if (s != null && (newest == null || s.getOccurredAt().isAfter(newest.getOccurredAt()))) {
                    newest = s;
                }
            }
            if (newest == null || newest.getOccurredAt().isBefore(base)) {
                return base;
            }
            Instant at = newest.getOccurredAt().plusMillis(1);
            bumped++;
            notes.add(what + ": the current value was written at " + newest.getOccurredAt() + " (event " + newest.getEventId()
                    + "), not before the export's " + base + "; stamped " + at);
            return at;
        }

        private MilestoneEvent event(String kind, Instant at, Object body) {
            String canonical = EventJson.toJson(new MilestoneEvent("", at, source, body)).toString();
            return new MilestoneEvent(source + ":" + kind + ":" + digest(canonical), at, source, body);
        }
    }

    /** A milestone's four registers as the graph has them, each null when never written. */
    private record Registers(DescriptorRegister d, ExistenceRegister ex, StatusRegister st, DueDateRegister du) {
        static Registers of(MilestoneState s) {
            return s == null ? new Registers(null, null, null, null) : new Registers(s.getDescriptor(), s.getExistence(), s.getStatus(), s.getDueDate());
        }

        /** The milestone exists with exactly these descriptive fields. */
        boolean declares(Desired.Milestone m) {
            return d != null && ex != null && ex.getDeclared() && d.getTeamId().equals(m.teamId()) && d.getName().equals(m.name())
                    && d.getKind() == m.kind() && d.getLabels().equals(m.labels());
        }

        /** An unwritten status register is PLANNED (SEMANTICS.md), so a PLANNED issue needs no event for it. */
        boolean statusDiffers(MilestoneStatus status) {
            return st == null ? status != MilestoneStatus.PLANNED : st.getStatus() != status;
        }

        boolean dueDiffers(LocalDate due) {
            return !Objects.equals(du == null ? null : du.getDueDate(), due);
        }
    }

    private static Stamp stamp(DescriptorRegister r) {
        return r == null ? null : r.getStamp();
    }

    private static Stamp stamp(ExistenceRegister r) {
        return r == null ? null : r.getStamp();
    }

    private static Stamp stamp(StatusRegister r) {
        return r == null ? null : r.getStamp();
    }

    private static Stamp stamp(DueDateRegister r) {
        return r == null ? null : r.getStamp();
    }

    private static Instant latest(Instant first, Instant... more) {
        Instant latest = first;
        for (Instant i : more) {
            if (i != null && i.isAfter(latest)) {
                latest = i;
            }
        }
        return latest;
    }

    /** The first 24 hex digits (96 bits) of the SHA-256 of {@code canonical}. */
    static String digest(String canonical) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
