package io.launchgraph.topology.testing;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A random organisation's events (distinct facts), and a seed that decides how they are delivered:
 * which are re-sent, in what order, and when the graph task gets to recompute.
 */
public record Scenario(List<MilestoneEvent> events, long deliverySeed) {

    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    private static final LocalDate D0 = LocalDate.parse("2026-11-01");
    /** Ids that stress byte order: punctuation sorts before digits, digits before letters, upper before lower. */
    private static final String ID_CHARS = "!-0129AZaz_~";
    private static final MilestoneStatus[] STATUSES = MilestoneStatus.values();

    /** A random organisation: a handful of ids, so that edges meet, cycles form and registers collide. */
    public static Scenario random(Random r) {
        int idCount = 2 + r.nextInt(14);
        List<String> ids = distinctIds(r, idCount);
        List<String> teams = List.of("team-a", "team-b", "team-c", "Team-D").subList(0, 1 + r.nextInt(4));
        // A third of the organisations plan properly (nearly every milestone dated, nothing
        // cancelled or retired, few done, dependencies that only point down a fixed order, so no
        // cycles), so that deep LATE chains and deep UNSCHEDULED ones come up, not only NEVER.
        boolean planned = r.nextInt(3) == 0;
        int eventCount = (planned ? idCount : 0) + 1 + r.nextInt(r.nextInt(10) < 2 ? 200 : 60);
        List<MilestoneEvent> events = new ArrayList<>(eventCount);
        Set<String> eventIds = new HashSet<>();
        for (int i = 0; i < eventCount; i++) {
            String eventId;
            do {
                eventId = randomId(r, 1 + r.nextInt(3)) + i;
            } while (!eventIds.add(eventId));
            // Few distinct instants, so that registers are often decided by the eventId tie-break.
            Instant at = T0.plusSeconds(r.nextInt(30)).plusMillis(r.nextInt(4) == 0 ? r.nextInt(3) : 0);
            // Planned organisations declare every id first, so that no dependency is unknown.
            Object event = planned && i < ids.size() ? declaration(r, ids.get(i), teams, true) : randomEvent(r, ids, teams, planned);
            events.add(new MilestoneEvent(eventId, at, "gen", event));
        }
        return new Scenario(List.copyOf(events), r.nextLong());
    }

    /**
     * One to three valid hypothetical events about this scenario's ids (and sometimes an id it
     * never named), for what-ifs; their eventIds and instants are placeholders a what-if replaces.
     */
    public List<MilestoneEvent> hypotheses(Random r) {
        Set<String> named = new java.util.TreeSet<>();
        for (MilestoneEvent e : events) {
            named.add(io.launchgraph.topology.EventRules.entityId(e));
            if (e.getEvent() instanceof DependencyDeclared d) {
                named.add(d.getDependencyId());
            }
        }
        named.add("new");
        List<String> ids = new ArrayList<>(named);
        List<MilestoneEvent> hypotheses = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        while (hypotheses.size() < count) {
            MilestoneEvent h = new MilestoneEvent("h" + hypotheses.size(), T0, "what-if", randomEvent(r, ids, List.of("team-a", "team-b"), false));
            if (io.launchgraph.topology.EventRules.check(h).isEmpty()) {
                hypotheses.add(h);
            }
        }
        return hypotheses;
    }

    private static Object randomEvent(Random r, List<String> ids, List<String> teams, boolean planned) {
        int i = r.nextInt(ids.size());
        int j = r.nextInt(ids.size());
        String id = ids.get(planned ? Math.min(i, j) : i);
        String other = ids.get(planned ? Math.max(i, j) : j);
        int kind = r.nextInt(100);
        if (kind < 25) {
            return declaration(r, id, teams, planned);
        } else if (kind < 50) {
            return new MilestoneStatusChanged(id, status(r, planned));
        } else if (kind < 60) {
            return new MilestoneDueDateChanged(id, r.nextInt(planned ? 20 : 4) == 0 ? null : date(r));
        } else if (kind < 64) {
            return planned ? new MilestoneStatusChanged(id, status(r, true)) : new MilestoneRetired(id);
        } else if (kind < 92) {
            return new DependencyDeclared(
                    id, other, r.nextInt(10) < 8 ? DependencyStrength.HARD : DependencyStrength.SOFT,
                    r.nextInt(10) < 6 ? null : date(r));
        }
        return new DependencyRemoved(id, other);
    }

    private static MilestoneDeclared declaration(Random r, String id, List<String> teams, boolean planned) {
        return MilestoneDeclared.newBuilder()
                .setMilestoneId(id)
                .setTeamId(teams.get(r.nextInt(teams.size())))
                .setName("name of " + id)
                .setKind(r.nextInt(10) < 4 ? MilestoneKind.LAUNCH : MilestoneKind.MILESTONE)
                .setStatus(r.nextInt(10) < 4 ? null : status(r, planned))
                .setDueDate(r.nextInt(10) < (planned ? 1 : 4) ? null : date(r))
                .setLabels(r.nextBoolean() ? null : Map.of("market", r.nextBoolean() ? "DE" : "FR"))
                .build();
    }

    private static MilestoneStatus status(Random r, boolean planned) {
        // DONE more often than the rest, so that resolved milestones cut the graph.
        if (r.nextInt(planned ? 10 : 4) == 0) {
            return MilestoneStatus.DONE;
        }
        MilestoneStatus s = STATUSES[r.nextInt(STATUSES.length)];
        return planned && s == MilestoneStatus.CANCELLED ? MilestoneStatus.IN_PROGRESS : s;
    }

    private static LocalDate date(Random r) {
        return D0.plusDays(r.nextInt(40));
    }

    private static List<String> distinctIds(Random r, int count) {
        Set<String> ids = new HashSet<>();
        while (ids.size() < count) {
            ids.add(randomId(r, 1 + r.nextInt(3)));
        }
        List<String> list = new ArrayList<>(ids);
        Collections.sort(list);
        return list;
    }

    private static String randomId(Random r, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(ID_CHARS.charAt(r.nextInt(ID_CHARS.length())));
        }
        return b.toString();
    }

    /** A delivery: every event at least once, some two or three times, shuffled; with recompute points. */
    public Delivery delivery(long seed) {
        Random r = new Random(seed);
        List<MilestoneEvent> sent = new ArrayList<>(events);
        for (MilestoneEvent e : events) {
            int copies = r.nextInt(10) == 0 ? 1 + r.nextInt(2) : 0;
            for (int i = 0; i < copies; i++) {
                sent.add(e);
            }
        }
        Collections.shuffle(sent, r);
        Set<Integer> recomputeAfter = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            if (r.nextInt(8) == 0) {
                recomputeAfter.add(i);
            }
        }
        return new Delivery(List.copyOf(sent), Set.copyOf(recomputeAfter));
    }

    public record Delivery(List<MilestoneEvent> sent, Set<Integer> recomputeAfter) {}

    /** Smaller scenarios: fewer events, same delivery seed. */
    public Stream<Scenario> shrink() {
        return Property.shrinkList(events).map(fewer -> new Scenario(List.copyOf(fewer), deliverySeed));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Scenario(deliverySeed=" + deliverySeed + ", " + events.size() + " events):");
        for (MilestoneEvent e : events) {
            b.append("\n  ").append(describe(e));
        }
        return b.toString();
    }

    /** One line per event, for failure reports. */
    public static String describe(MilestoneEvent e) {
        String head = e.getEventId() + "@" + e.getOccurredAt().toEpochMilli() % 100_000 + " ";
        Object ev = e.getEvent();
        if (ev instanceof MilestoneDeclared d) {
            return head + "declare " + d.getMilestoneId() + " " + d.getKind() + " team=" + d.getTeamId()
                    + (d.getStatus() == null ? "" : " status=" + d.getStatus())
                    + (d.getDueDate() == null ? "" : " due=" + d.getDueDate());
        } else if (ev instanceof MilestoneStatusChanged s) {
            return head + "status " + s.getMilestoneId() + " " + s.getStatus();
        } else if (ev instanceof MilestoneDueDateChanged c) {
            return head + "due " + c.getMilestoneId() + " " + c.getDueDate();
        } else if (ev instanceof MilestoneRetired rt) {
            return head + "retire " + rt.getMilestoneId();
        } else if (ev instanceof DependencyDeclared d) {
            return head + "depend " + d.getDependentId() + " -> " + d.getDependencyId() + " " + d.getStrength()
                    + (d.getNeededBy() == null ? "" : " neededBy=" + d.getNeededBy());
        } else if (ev instanceof DependencyRemoved rm) {
            return head + "remove " + rm.getDependentId() + " -> " + rm.getDependencyId();
        }
        return head + ev;
    }
}
