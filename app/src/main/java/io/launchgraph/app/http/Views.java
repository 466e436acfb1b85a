package io.launchgraph.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** What the HTTP API answers, field names as SEMANTICS.md has them. */
public final class Views {
    private Views() {}

    public record Blocker(String milestoneId, String teamId, String reason) {}

    public record RootBlocker(String milestoneId, String teamId, String reason, boolean cycle, List<String> path) {}

    public record Risk(String dependentId, String dependencyId, String strength, LocalDate neededBy, LocalDate dueDate) {}

    /** A milestone's forecast: state, and the date and days of slip when it has a date. */
    public record Schedule(String state, LocalDate date, Integer slipDays) {}

    /**
     * A launch's forecast. {@code neverBecause} says, for NEVER, what the critical path ends at:
     * {@code CYCLE}, or a dependency {@code CANCELLED}, {@code RETIRED} or {@code UNKNOWN}.
     * {@code steps} describes each milestone of the critical path (only in the answer of one
     * launch, not in lists).
     */
    public record Forecast(
            String state,
            LocalDate date,
            Integer slipDays,
            List<String> criticalPath,
            @JsonInclude(JsonInclude.Include.NON_NULL) String neverBecause,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Step> steps) {
        Forecast withSteps(List<Step> described) {
            return new Forecast(state, date, slipDays, criticalPath, neverBecause, described);
        }
    }

    /** One milestone of a critical path, as a program manager reads it. */
    public record Step(String milestoneId, String teamId, String name, String status, LocalDate dueDate, Schedule forecast) {}

    /** One launch: who owns it and what it is, then its answer. */
    public record Launch(
            String launchId,
            String teamId,
            String name,
            String status,
            LocalDate dueDate,
            Map<String, String> labels,
            boolean open,
            boolean blocked,
            List<Blocker> directBlockers,
            List<RootBlocker> rootBlockers,
            List<Risk> risk,
            Forecast forecast,
            String causeEventId) {
        Launch withForecast(Forecast f) {
            return new Launch(launchId, teamId, name, status, dueDate, labels, open, blocked, directBlockers, rootBlockers, risk, f,
                    causeEventId);
        }

        /** Days late, or null when the forecast has no date (or the launch is not open). */
        Integer slipDays() {
            return forecast == null ? null : forecast.slipDays();
        }
    }

    /** One page of launches, and how many of all that match are blocked and in each forecast state. */
    public record Launches(int total, int offset, LaunchCounts counts, List<Launch> launches) {}

    /** The launches of a list by what a program manager counts first. */
    public record LaunchCounts(int blocked, int late, int never, int unscheduled, int onTime) {
        static LaunchCounts of(List<Launch> launches) {
            int blocked = 0;
            int late = 0;
            int never = 0;
            int unscheduled = 0;
            int onTime = 0;
            for (Launch l : launches) {
                blocked += l.blocked() ? 1 : 0;
                String state = l.forecast() == null ? "" : l.forecast().state();
                switch (state) {
                    case "LATE" -> late++;
                    case "NEVER" -> never++;
                    case "UNSCHEDULED" -> unscheduled++;
                    case "ON_TIME" -> onTime++;
                    default -> { }
                }
            }
            return new LaunchCounts(blocked, late, never, unscheduled, onTime);
        }
    }

    /**
     * A launch whose answer differs between two times: {@code before} and {@code after} in the form
     * of {@code GET /launches/{id}} (null where it was not open), and a line a person reads.
     */
    public record Change(String launchId, Launch before, Launch after, String summary) {}

    /** What changed, launch by launch, and how many launches open on either side did not. */
    public record Changes(List<Change> changed, int unchanged) {}

    /**
     * One instance's part of the weekly report, when several share the launches (decision 47):
     * its launches now (critical paths told step by step) and as of the report's start, what
     * changed, and the cycles its launches wait on with their members' teams.
     */
    public record ReportPart(List<Launch> now, List<Launch> then, Changes changes, List<List<String>> loops, Map<String, String> teamOf) {}

    public record TeamLaunch(String launchId, String name, String status, LocalDate dueDate, List<String> milestoneIds) {}

    /** The open launches a team blocks, most urgent first, and through which of its milestones. */
    public record TeamBlocking(String teamId, int count, List<TeamLaunch> launches) {}

    /**
     * A team: how many open launches it blocks, and how many LATE launches have one of its
     * milestones on their critical path (the launch itself left out), with their total slip.
     */
    public record TeamCount(String teamId, int count, int lateLaunches, long slipDays) {}

    public record Teams(List<TeamCount> teams) {}

    public record Edge(String milestoneId, String strength, LocalDate neededBy) {}

    public record Milestone(
            String milestoneId,
            boolean declared,
            boolean exists,
            String teamId,
            String name,
            String kind,
            String status,
            LocalDate dueDate,
            Map<String, String> labels,
            Schedule forecast,
            List<Edge> dependencies,
            List<Edge> dependents) {}

    public record Accepted(int accepted) {}

    public record Refusal(Integer index, Integer line, String code, String message) {}

    public record Refused(String error, int accepted, List<Refusal> refused) {}

    public record Error(int status, String error) {}

    public record Health(String status, String streams, boolean live, boolean ready) {}

    /**
     * How a view takes the ids and dates of an answer: as the answer has them, or (for views kept by
     * the thousand, the live feed's) one copy of each among all views kept.
     */
    interface Canonical {
        /** The answer's own strings and dates, its lists as they are. */
        Canonical AS_IS = new Canonical() {
            @Override
            public String id(String s) {
                return s;
            }

            @Override
            public LocalDate date(LocalDate d) {
                return d;
            }

            @Override
            public List<String> ids(List<String> list) {
                return list;
            }
        };

        String id(String s);

        LocalDate date(LocalDate d);

        default List<String> ids(List<String> list) {
            List<String> out = new ArrayList<>(list.size());
            list.forEach(s -> out.add(id(s)));
            return Collections.unmodifiableList(out);
        }

        /** The first copy of each id in {@code ids} and of each date in {@code dates}, adding those not there yet. */
        static Canonical sharing(Map<String, String> ids, Map<LocalDate, LocalDate> dates) {
            return new Canonical() {
                @Override
                public String id(String s) {
                    return s == null ? null : ids.computeIfAbsent(s, k -> k);
                }

                @Override
                public LocalDate date(LocalDate d) {
                    return d == null ? null : dates.computeIfAbsent(d, k -> k);
                }
            };
        }
    }

    /** A launch's view; {@code milestones} looks up its own state and that of the milestones its forecast names. */
    static Launch launch(LaunchAnswer a, Function<String, MilestoneState> milestones) {
        return launch(a, milestones, Canonical.AS_IS);
    }

    /** A launch's view with its ids, teams and dates taken through {@code c}. */
    static Launch launch(LaunchAnswer a, Function<String, MilestoneState> milestones, Canonical c) {
        MilestoneState m = milestones.apply(a.getLaunchId());
        var d = m == null ? null : m.getDescriptor();
        return new Launch(
                c.id(a.getLaunchId()),
                d == null ? null : c.id(d.getTeamId()),
                d == null ? null : d.getName(),
                status(m),
                c.date(dueDate(m)),
                d == null ? Map.of() : d.getLabels(),
                a.getOpen(),
                a.getBlocked(),
                a.getDirectBlockers().stream().map(b -> new Blocker(c.id(b.getMilestoneId()), c.id(b.getTeamId()), b.getReason().name())).toList(),
                a.getRootBlockers().stream()
                        .map(r -> new RootBlocker(c.id(r.getMilestoneId()), c.id(r.getTeamId()), r.getReason().name(), r.getCycle(), c.ids(r.getPath())))
                        .toList(),
                a.getRisk().stream()
                        .map(r -> new Risk(c.id(r.getDependentId()), c.id(r.getDependencyId()), r.getStrength().name(), c.date(r.getNeededBy()),
                                c.date(r.getDueDate())))
                        .toList(),
                forecast(a.getForecast(), milestones, c),
                a.getCauseEventId());
    }

    /**
     * {@code view} with each blocker, root blocker and risk edge equal to one of {@code previous}'s
     * taken from {@code previous} (and each list equal to its list, the whole list): successive
     * views of one launch kept side by side (the live feed keeps thousands) share what did not
     * change between them. Equal to {@code view}; {@code previous} null: {@code view}.
     */
    static Launch sharing(Launch view, Launch previous) {
        if (previous == null) {
            return view;
        }
        return new Launch(view.launchId(), view.teamId(), view.name(), view.status(), view.dueDate(), view.labels(), view.open(), view.blocked(),
                shared(view.directBlockers(), previous.directBlockers()), shared(view.rootBlockers(), previous.rootBlockers()),
                shared(view.risk(), previous.risk()), Objects.equals(view.forecast(), previous.forecast()) ? previous.forecast() : view.forecast(),
                view.causeEventId());
    }

    private static <T> List<T> shared(List<T> now, List<T> before) {
        if (now.equals(before)) {
            return before;
        }
        Map<T, T> kept = new HashMap<>(before.size() * 2);
        before.forEach(x -> kept.putIfAbsent(x, x));
        List<T> out = new ArrayList<>(now.size());
        now.forEach(x -> out.add(kept.getOrDefault(x, x)));
        return Collections.unmodifiableList(out);
    }

    private static Forecast forecast(io.launchgraph.avro.Forecast f, Function<String, MilestoneState> milestones, Canonical c) {
        if (f == null) {
            return null;
        }
        String neverBecause = null;
        if (f.getState() == ForecastState.NEVER) {
            // The path ends at the nearest milestone that cannot finish: one that is not open, or a cycle's member.
            String status = status(milestones.apply(f.getCriticalPath().get(f.getCriticalPath().size() - 1)));
            neverBecause = status == null ? "UNKNOWN" : status.equals("CANCELLED") || status.equals("RETIRED") ? status : "CYCLE";
        }
        return new Forecast(f.getState().name(), c.date(f.getDate()), f.getSlipDays(), c.ids(f.getCriticalPath()), neverBecause, null);
    }

    static Schedule schedule(io.launchgraph.avro.MilestoneForecast f) {
        return f == null ? null : new Schedule(f.getState().name(), f.getDate(), f.getSlipDays());
    }

    static Step step(String id, MilestoneState m, io.launchgraph.avro.MilestoneForecast f) {
        var d = m == null ? null : m.getDescriptor();
        return new Step(id, d == null ? null : d.getTeamId(), d == null ? null : d.getName(), status(m), dueDate(m), schedule(f));
    }

    static LocalDate dueDate(MilestoneState m) {
        return m == null || m.getDueDate() == null ? null : m.getDueDate().getDueDate();
    }

    static String status(MilestoneState m) {
        if (m == null || m.getDescriptor() == null) {
            return null;
        }
        if (m.getExistence() != null && !m.getExistence().getDeclared()) {
            return "RETIRED";
        }
        return m.getStatus() == null ? "PLANNED" : m.getStatus().getStatus().name();
    }

    static Milestone milestone(
            String id, MilestoneState m, io.launchgraph.avro.MilestoneForecast forecast, List<DependencyState> out, List<DependencyState> in) {
        var d = m == null ? null : m.getDescriptor();
        return new Milestone(
                id,
                d != null,
                m != null && m.getExistence() != null && m.getExistence().getDeclared(),
                d == null ? null : d.getTeamId(),
                d == null ? null : d.getName(),
                d == null ? null : d.getKind().name(),
                m == null ? null : m.getStatus() == null ? "PLANNED" : m.getStatus().getStatus().name(),
                dueDate(m),
                d == null ? Map.of() : d.getLabels(),
                schedule(forecast),
                out.stream().map(e -> new Edge(e.getDependencyId(), e.getStrength().name(), e.getNeededBy())).toList(),
                in.stream().map(e -> new Edge(e.getDependentId(), e.getStrength().name(), e.getNeededBy())).toList());
    }
}
