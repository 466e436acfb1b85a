package io.launchgraph.app.report;

import io.launchgraph.app.http.Views;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The weekly status report's content: every number and line taken from the answers of the HTTP
 * API (launches now and as of {@code since}, the changes between, each launch's critical path),
 * so that the report never says what a query would not. Rendered as Markdown or HTML.
 */
public record WeeklyReport(
        Instant since,
        Instant generatedAt,
        String scope,
        Counts now,
        Counts then,
        List<LaunchLine> newlyBlocked,
        List<LaunchLine> unblocked,
        List<LaunchLine> closed,
        List<Move> slipped,
        List<Move> recovered,
        List<TeamLine> teams,
        List<Cycle> cycles,
        List<RiskLine> risks) {

    /** Most lines of the team and risk tables: the report is read, not searched. */
    static final int TOP = 10;

    /** Open launches, and how many are blocked, late, never and unscheduled. */
    public record Counts(int open, int blocked, int late, int never, int unscheduled) {}

    /** A launch and one line about it. */
    public record LaunchLine(String launchId, String name, String teamId, String detail) {}

    /**
     * A forecast that moved: {@code days} later (negative: earlier), null when one side has no
     * date; {@code from} and {@code to} as a person reads them; where the delay starts (the last
     * step of the critical path, on the side that has the delay).
     */
    public record Move(String launchId, String name, String teamId, Integer days, String from, String to, String delayAt, String delayTeam) {}

    /** A team: the open launches it blocks, the LATE launches it delays and their days of slip. */
    public record TeamLine(String teamId, int blocking, int delaying, long slipDays) {}

    /** A cycle of milestones (each with its team) that launches wait on; new when none waited on it then. */
    public record Cycle(List<String> milestones, List<String> teams, List<String> launches, boolean isNew) {}

    /** A dependency due after it is needed (or undated): how late, and how many launches read it. */
    public record RiskLine(String dependentId, String dependencyId, LocalDate neededBy, LocalDate dueDate, Integer daysLate, int launches) {}

    /**
     * Builds the report.
     *
     * @param now the launches that match now, open or not, with their critical paths told step by step
     * @param then the same as of {@code since}
     * @param loops the members of each cycle the launches now wait on ({@link #cycleMembersOf}), in id order
     * @param teamOf the team of each of those members
     */
    public static WeeklyReport of(
            Instant since,
            Instant generatedAt,
            String scope,
            List<Views.Launch> now,
            List<Views.Launch> then,
            Views.Changes changes,
            List<List<String>> loops,
            Map<String, String> teamOf) {
        List<LaunchLine> newlyBlocked = new ArrayList<>();
        List<LaunchLine> unblocked = new ArrayList<>();
        List<LaunchLine> closed = new ArrayList<>();
        List<Move> slipped = new ArrayList<>();
        List<Move> recovered = new ArrayList<>();
        for (Views.Change c : changes.changed()) {
            Views.Launch b = c.before();
            Views.Launch a = c.after();
            if (a == null) {
                closed.add(line(b, c.summary()));
                continue;
            }
            if (a.blocked() && (b == null || !b.blocked())) {
                newlyBlocked.add(line(a, "by " + String.join(", ", blockerTeams(a.directBlockers()))));
            } else if (b != null && b.blocked() && !a.blocked()) {
                unblocked.add(line(a, c.summary()));
            }
            if (b != null && b.forecast() != null && a.forecast() != null) {
                Move m = move(b, a);
                if (m != null) {
                    (isSlip(m, a) ? slipped : recovered).add(m);
                }
            }
        }
        Comparator<Move> mostDaysFirst = Comparator.comparing((Move m) -> m.days() == null ? Integer.MAX_VALUE : Math.abs(m.days()))
                .reversed().thenComparing(Move::launchId);
        slipped.sort(mostDaysFirst);
        recovered.sort(mostDaysFirst);
        return new WeeklyReport(since, generatedAt, scope, counts(now), counts(then), newlyBlocked, unblocked, closed, slipped, recovered,
                teams(now), cycles(now, then, loops, teamOf), risks(now));
    }

    private static LaunchLine line(Views.Launch l, String detail) {
        return new LaunchLine(l.launchId(), l.name(), l.teamId(), detail);
    }

    private static Set<String> blockerTeams(List<Views.Blocker> blockers) {
        Set<String> teams = new TreeSet<>();
        blockers.forEach(b -> teams.add(b.teamId() == null ? "unknown" : b.teamId()));
        return teams;
    }

    static Counts counts(List<Views.Launch> launches) {
        int open = 0;
        int blocked = 0;
        int late = 0;
        int never = 0;
        int unscheduled = 0;
        for (Views.Launch l : launches) {
            if (!l.open()) {
                continue;
            }
            open++;
            blocked += l.blocked() ? 1 : 0;
            String state = l.forecast() == null ? "" : l.forecast().state();
            late += state.equals("LATE") ? 1 : 0;
            never += state.equals("NEVER") ? 1 : 0;
            unscheduled += state.equals("UNSCHEDULED") ? 1 : 0;
        }
        return new Counts(open, blocked, late, never, unscheduled);
    }

    /** The forecast's move, or null when it did not move (same date, or the same dateless state). */
    private static Move move(Views.Launch b, Views.Launch a) {
        LocalDate from = b.forecast().date();
        LocalDate to = a.forecast().date();
        Integer days = from != null && to != null ? (int) ChronoUnit.DAYS.between(from, to) : null;
        if (days != null ? days == 0 : b.forecast().state().equals(a.forecast().state())) {
            return null;
        }
        // The delay is where the later side's critical path ends.
        boolean later = days != null ? days > 0 : to == null;
        Views.Launch delayed = later ? a : b;
        List<Views.Step> steps = delayed.forecast().steps() == null ? List.of() : delayed.forecast().steps();
        Views.Step at = steps.size() > 1 ? steps.get(steps.size() - 1) : null;
        return new Move(a.launchId(), a.name(), a.teamId(), days, text(b.forecast()), text(a.forecast()),
                at == null ? null : at.milestoneId(), at == null ? null : at.teamId());
    }

    private static boolean isSlip(Move m, Views.Launch a) {
        return m.days() != null ? m.days() > 0 : a.forecast().date() == null;
    }

    /** A forecast in a few words: "2027-03-21 (+20d)", "2027-03-01 (on time)", "unscheduled", "never (cycle)". */
    static String text(Views.Forecast f) {
        if (f == null) {
            return "-";
        }
        return switch (f.state()) {
            case "LATE" -> f.date() + " (+" + f.slipDays() + "d)";
            case "ON_TIME" -> f.date() + " (on time)";
            case "UNSCHEDULED" -> "unscheduled";
            default -> f.neverBecause() == null ? "never" : "never (" + f.neverBecause().toLowerCase(java.util.Locale.ROOT) + ")";
        };
    }

    /**
     * SEMANTICS.md "By whom": a team blocks a launch when it owns a direct or root blocker; it
     * delays a LATE launch when it owns a milestone on the critical path (the launch left out).
     */
    private static List<TeamLine> teams(List<Views.Launch> now) {
        Map<String, int[]> counts = new HashMap<>();
        Map<String, Long> slip = new HashMap<>();
        for (Views.Launch l : now) {
            if (!l.open()) {
                continue;
            }
            Set<String> blocking = new HashSet<>();
            l.directBlockers().forEach(b -> blocking.add(b.teamId()));
            l.rootBlockers().forEach(r -> blocking.add(r.teamId()));
            blocking.remove(null);
            blocking.forEach(t -> counts.computeIfAbsent(t, k -> new int[2])[0]++);
            if (l.forecast() != null && l.forecast().state().equals("LATE") && l.forecast().steps() != null) {
                Set<String> delaying = new HashSet<>();
                l.forecast().steps().stream().skip(1).forEach(s -> delaying.add(s.teamId()));
                delaying.remove(null);
                for (String t : delaying) {
                    counts.computeIfAbsent(t, k -> new int[2])[1]++;
                    slip.merge(t, (long) l.forecast().slipDays(), Long::sum);
                }
            }
        }
        List<TeamLine> lines = new ArrayList<>();
        counts.forEach((t, c) -> lines.add(new TeamLine(t, c[0], c[1], slip.getOrDefault(t, 0L))));
        lines.sort(Comparator.comparingInt((TeamLine t) -> t.blocking() + t.delaying()).reversed()
                .thenComparing(Comparator.comparingLong(TeamLine::slipDays).reversed())
                .thenComparing(TeamLine::teamId));
        return lines.subList(0, Math.min(TOP, lines.size()));
    }

    /**
     * The milestones a launch waits on that are a cycle's members: its root blockers on a cycle,
     * and where its NEVER forecast's path ends when that is a cycle.
     */
    public static Set<String> cycleMembersOf(Views.Launch l) {
        Set<String> members = new TreeSet<>();
        l.rootBlockers().forEach(r -> {
            if (r.cycle()) {
                members.add(r.milestoneId());
            }
        });
        Views.Forecast f = l.forecast();
        if (f != null && "CYCLE".equals(f.neverBecause()) && !f.criticalPath().isEmpty()) {
            members.add(f.criticalPath().get(f.criticalPath().size() - 1));
        }
        return members;
    }

    /** The cycles, each with the launches that wait on it now; new when no launch waited on it then. */
    private static List<Cycle> cycles(List<Views.Launch> now, List<Views.Launch> then, List<List<String>> loops, Map<String, String> teamOf) {
        Set<String> waitedOnThen = new HashSet<>();
        then.forEach(l -> waitedOnThen.addAll(cycleMembersOf(l)));
        List<Cycle> cycles = new ArrayList<>();
        for (List<String> members : loops) {
            Set<String> launches = new TreeSet<>();
            for (Views.Launch l : now) {
                if (l.open() && cycleMembersOf(l).stream().anyMatch(members::contains)) {
                    launches.add(l.launchId());
                }
            }
            Set<String> teams = new TreeSet<>();
            members.forEach(m -> teams.add(Objects.requireNonNullElse(teamOf.get(m), "unknown")));
            cycles.add(new Cycle(List.copyOf(members), List.copyOf(teams), List.copyOf(launches), members.stream().noneMatch(waitedOnThen::contains)));
        }
        cycles.sort(Comparator.comparingInt((Cycle c) -> c.launches().size()).reversed().thenComparing(c -> c.milestones().get(0)));
        return cycles;
    }

    /** The dependencies due after they are needed, undated ones first, then most days late. */
    private static List<RiskLine> risks(List<Views.Launch> now) {
        Map<List<String>, Views.Risk> risks = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        Map<List<String>, Integer> launches = new HashMap<>();
        for (Views.Launch l : now) {
            if (!l.open()) {
                continue;
            }
            for (Views.Risk r : l.risk()) {
                List<String> key = List.of(r.dependentId(), r.dependencyId());
                risks.put(key, r);
                launches.merge(key, 1, Integer::sum);
            }
        }
        List<RiskLine> lines = new ArrayList<>();
        risks.forEach((key, r) -> lines.add(new RiskLine(r.dependentId(), r.dependencyId(), r.neededBy(), r.dueDate(),
                r.dueDate() == null ? null : (int) ChronoUnit.DAYS.between(r.neededBy(), r.dueDate()), launches.get(key))));
        lines.sort(Comparator.comparing((RiskLine r) -> r.daysLate() == null ? Integer.MAX_VALUE : r.daysLate()).reversed()
                .thenComparing(Comparator.comparingInt(RiskLine::launches).reversed())
                .thenComparing(RiskLine::dependentId).thenComparing(RiskLine::dependencyId));
        return lines;
    }

    /** The risk lines worth a line in the report. */
    public List<RiskLine> topRisks() {
        return risks.subList(0, Math.min(TOP, risks.size()));
    }
}
