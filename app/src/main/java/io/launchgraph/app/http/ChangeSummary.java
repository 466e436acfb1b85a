package io.launchgraph.app.http;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One line that says what changed in a launch's answer, as a program manager would write it in a
 * status report: "newly blocked by team-privacy", "forecast +12 days (m-storage-migration,
 * team-serving-infra)", "unblocked", "new root cause m-x (team-y)". Several changes are joined
 * with "; ", the biggest news first.
 */
final class ChangeSummary {
    private ChangeSummary() {}

    /** The root blockers {@code after} has that {@code before} had not, in {@code after}'s order. */
    static List<Views.RootBlocker> newRootBlockers(Views.Launch before, Views.Launch after) {
        Set<String> known = before.rootBlockers().stream().map(Views.RootBlocker::milestoneId).collect(Collectors.toSet());
        return after.rootBlockers().stream().filter(r -> !known.contains(r.milestoneId())).toList();
    }

    /**
     * @param before the launch's view then, or null when it was not open
     * @param after the launch's view now, or null when it is not open
     * @param statusNow the launch's status now (why it is no longer open), or null
     */
    static String of(Views.Launch before, Views.Launch after, String statusNow) {
        if (after == null) {
            return "no longer open" + (statusNow == null ? "" : " (" + statusNow.toLowerCase(Locale.ROOT) + ")");
        }
        List<String> parts = new ArrayList<>();
        if (before == null) {
            parts.add("newly open");
            if (after.blocked()) {
                parts.add("blocked by " + directTeams(after));
            }
            parts.add(forecastNow(after.forecast()));
            return String.join("; ", parts);
        }
        if (after.blocked() && !before.blocked()) {
            parts.add("newly blocked by " + directTeams(after));
        } else if (!after.blocked() && before.blocked()) {
            parts.add("unblocked");
        }
        String forecast = forecastChange(before.forecast(), after.forecast());
        if (forecast != null) {
            parts.add(forecast);
        }
        if (after.blocked() && before.blocked()) {
            List<Views.RootBlocker> fresh = newRootBlockers(before, after);
            if (!fresh.isEmpty()) {
                Views.RootBlocker first = fresh.get(0);
                parts.add("new root cause " + first.milestoneId() + " (" + team(first.teamId()) + ")"
                        + (fresh.size() > 1 ? " and " + (fresh.size() - 1) + " more" : ""));
            } else if (after.rootBlockers().size() < before.rootBlockers().size()) {
                parts.add((before.rootBlockers().size() - after.rootBlockers().size()) + " root causes resolved");
            }
        }
        if (!Objects.equals(before.dueDate(), after.dueDate())) {
            parts.add("due date moved to " + (after.dueDate() == null ? "none" : after.dueDate()));
        }
        if (parts.isEmpty()) {
            parts.add(!before.directBlockers().equals(after.directBlockers()) ? "direct blockers changed"
                    : !before.risk().equals(after.risk()) ? "schedule risk changed"
                    : "critical path changed");
        }
        return String.join("; ", parts);
    }

    private static String forecastChange(Views.Forecast before, Views.Forecast after) {
        if (before == null || after == null) {
            return null;
        }
        if (before.date() != null && after.date() != null) {
            long days = ChronoUnit.DAYS.between(before.date(), after.date());
            if (days > 0) {
                return "forecast +" + days + " days" + (after.state().equals("LATE") ? " (" + delayStart(after) + ")" : "");
            }
            if (days < 0) {
                return "forecast " + days + " days" + (after.state().equals("ON_TIME") ? ", on time again" : "");
            }
            return null;
        }
        if (before.state().equals(after.state())) {
            return null;
        }
        return forecastNow(after);
    }

    private static String forecastNow(Views.Forecast f) {
        if (f == null) {
            return "no forecast";
        }
        return switch (f.state()) {
            case "ON_TIME" -> "on time for " + f.date();
            case "LATE" -> "forecast " + f.date() + ", " + f.slipDays() + " days late (" + delayStart(f) + ")";
            case "UNSCHEDULED" -> "unscheduled (" + last(f) + " has no due date)";
            default -> "never as planned (" + (f.neverBecause() == null ? "" : f.neverBecause().toLowerCase(Locale.ROOT) + ": ") + last(f) + ")";
        };
    }

    /** "milestone, team" of where the critical path ends (the team when the steps are known). */
    private static String delayStart(Views.Forecast f) {
        String team = f.steps() == null || f.steps().isEmpty() ? null : f.steps().get(f.steps().size() - 1).teamId();
        return last(f) + (team == null ? "" : ", " + team);
    }

    private static String last(Views.Forecast f) {
        return f.criticalPath().isEmpty() ? "?" : f.criticalPath().get(f.criticalPath().size() - 1);
    }

    private static String directTeams(Views.Launch l) {
        Set<String> teams = new TreeSet<>();
        l.directBlockers().forEach(b -> teams.add(team(b.teamId())));
        return String.join(", ", teams);
    }

    private static String team(String teamId) {
        return teamId == null ? "an undeclared milestone" : teamId;
    }
}
