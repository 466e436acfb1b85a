package io.launchgraph.app.http;

import io.launchgraph.app.report.WeeklyReport;
import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.History;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.TeamQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers from this instance's own stores. A store that this instance does not hold, or holds
 * but is restoring, throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException}.
 */
final class LocalQueries {
    private final LaunchGraphStreams streams;
    private final ReadyViews ready;
    /** The launches whose answers this instance holds; every launch on one graph partition. */
    private final Predicate<String> answeredHere;

    LocalQueries(LaunchGraphStreams streams, ReadyViews ready) {
        this(streams, ready, id -> true);
    }

    LocalQueries(LaunchGraphStreams streams, ReadyViews ready, Predicate<String> answeredHere) {
        this.streams = streams;
        this.ready = ready;
        this.answeredHere = answeredHere;
    }

    /**
     * Filters of {@code GET /launches}; null means any. {@code forecasts}: the forecast states
     * wanted (empty: any); {@code slippedBy}: at least that many days late.
     */
    record LaunchFilter(Boolean open, Boolean blocked, String team, Map<String, String> labels, Set<String> forecasts, Integer slippedBy) {
        static final LaunchFilter ANY = new LaunchFilter(null, null, null, Map.of(), Set.of(), null);

        /** What the answer alone decides; checked first, so that launches it rules out cost no other read. */
        boolean answerMatches(LaunchAnswer a) {
            io.launchgraph.avro.Forecast f = a.getForecast();
            return (open == null || a.getOpen() == open)
                    && (blocked == null || a.getBlocked() == blocked)
                    && (forecasts.isEmpty() || f != null && forecasts.contains(f.getState().name()))
                    && (slippedBy == null || f != null && f.getSlipDays() != null && f.getSlipDays() >= slippedBy);
        }

        /** Both, from a launch's view. */
        boolean viewMatches(Views.Launch l) {
            Views.Forecast f = l.forecast();
            return (open == null || l.open() == open)
                    && (blocked == null || l.blocked() == blocked)
                    && (forecasts.isEmpty() || f != null && forecasts.contains(f.state()))
                    && (slippedBy == null || f != null && f.slipDays() != null && f.slipDays() >= slippedBy)
                    && launchMatches(l);
        }

        /** What the launch's own state decides: its team and labels. */
        boolean launchMatches(Views.Launch l) {
            return ownerMatches(l.teamId(), l.labels());
        }

        /** The same, from a milestone's folded state (null: never declared, so nothing matches but no filter). */
        boolean stateMatches(MilestoneState m) {
            var d = m == null ? null : m.getDescriptor();
            return ownerMatches(d == null ? null : d.getTeamId(), d == null ? Map.of() : d.getLabels());
        }

        private boolean ownerMatches(String teamId, Map<String, String> launchLabels) {
            return (team == null || team.equals(teamId))
                    && labels.entrySet().stream().allMatch(e -> e.getValue().equals(launchLabels.get(e.getKey())));
        }
    }

    Optional<Views.Launch> launch(String id) {
        AnswerSource now = AnswerSource.now(streams);
        LaunchAnswer answer = now.answer(id);
        if (answer != null) {
            return Optional.of(described(now, answer));
        }
        MilestoneState m = now.milestone(id);
        if (m == null || m.getDescriptor() == null || m.getDescriptor().getKind() != MilestoneKind.LAUNCH) {
            return Optional.empty();
        }
        // A launch that was never open (declared done or cancelled, or retired) has no published
        // answer: nothing ever changed for consumers. Its answer is the closed one.
        if (!List.of("DONE", "CANCELLED", "RETIRED").contains(Views.status(m))) {
            throw new InvalidStateStoreException("the answer of " + id + " is being computed");
        }
        return Optional.of(described(now, LaunchAnswer.newBuilder().setLaunchId(id).setOpen(false).setBlocked(false)
                .setDirectBlockers(List.of()).setRootBlockers(List.of()).setRisk(List.of()).setCauseEventId(null).setForecast(null).build()));
    }

    /** {@link #launch(String)} ready to send: built once between two changes of the stores. */
    Optional<ReadyLaunch> readyLaunch(String id) {
        // Throws, as a read would, when the stores are not queryable here (restoring, or gone to another instance).
        streams.store(StateStores.LAUNCH_ANSWERS);
        return ready.launch(id, () -> launch(id));
    }

    /**
     * {@link #launches(LaunchFilter, Instant)} ready to send; now, each launch's view is kept, and
     * read again only when the graph task names the launch as changed.
     */
    List<ReadyLaunch> readyLaunches(LaunchFilter filter, Instant t) {
        if (t != null) {
            return launches(filter, asOf(t), false).stream().map(ReadyLaunch::of).toList();
        }
        AnswerSource now = AnswerSource.now(streams);
        List<ReadyLaunch> all = ready.all(
                each -> now.forEachAnswer((id, answer) -> each.accept(id, Views.launch(answer, now::milestone))),
                id -> Optional.ofNullable(now.answer(id)).map(answer -> Views.launch(answer, now::milestone)));
        return all.stream().filter(r -> filter.viewMatches(r.summary())).toList();
    }

    /** One launch as of {@code t}: open, closed, or empty when no launch of that id was declared by then. */
    Optional<Views.Launch> launch(String id, Instant t) {
        AnswerSource then = asOf(t);
        LaunchAnswer answer = then.answer(id);
        return answer == null ? Optional.empty() : Optional.of(described(then, answer));
    }

    /** A launch's view, its critical path told step by step. */
    static Views.Launch described(AnswerSource source, LaunchAnswer answer) {
        Views.Launch view = Views.launch(answer, source::milestone);
        if (view.forecast() == null) {
            return view;
        }
        List<Views.Step> steps = new ArrayList<>();
        for (String step : view.forecast().criticalPath()) {
            steps.add(Views.step(step, source.milestone(step), source.forecast(step)));
        }
        return view.withForecast(view.forecast().withSteps(steps));
    }

    /** The launches that match, now or (with {@code t}) as of an instant. */
    List<Views.Launch> launches(LaunchFilter filter, Instant t) {
        return launches(filter, t == null ? AnswerSource.now(streams) : asOf(t), false);
    }

    /** The launches of {@code source} that match; {@code steps}: with their critical paths told step by step. */
    private static List<Views.Launch> launches(LaunchFilter filter, AnswerSource source, boolean steps) {
        List<Views.Launch> result = new ArrayList<>();
        source.forEachAnswer((id, answer) -> {
            if (filter.answerMatches(answer)) {
                Views.Launch view = Views.launch(answer, source::milestone);
                if (filter.launchMatches(view)) {
                    result.add(steps ? described(source, answer) : view);
                }
            }
        });
        return result;
    }

    /**
     * The weekly status report: the launches that match now and as of {@code since}, what
     * changed between, and the edges among the cycles they wait on (one rebuild of the past serves all).
     */
    WeeklyReport report(Instant since, LaunchFilter filter, String scope) {
        return report(since, scope, List.of(reportPart(since, filter)));
    }

    /** The report from the parts of the instances that share the launches, each {@link #reportPart}. */
    static WeeklyReport report(Instant since, String scope, List<Views.ReportPart> parts) {
        List<Views.Launch> now = new ArrayList<>();
        List<Views.Launch> then = new ArrayList<>();
        List<Views.Change> changed = new ArrayList<>();
        int unchanged = 0;
        // Two instances may find the same cycle: each is in id order, so a set keeps one of each.
        Set<List<String>> loops = new java.util.LinkedHashSet<>();
        Map<String, String> teamOf = new HashMap<>();
        for (Views.ReportPart part : parts) {
            now.addAll(part.now());
            then.addAll(part.then());
            changed.addAll(part.changes().changed());
            unchanged += part.changes().unchanged();
            loops.addAll(part.loops());
            teamOf.putAll(part.teamOf());
        }
        now.sort(Comparator.comparing(Views.Launch::launchId));
        then.sort(Comparator.comparing(Views.Launch::launchId));
        changed.sort(Comparator.comparing(Views.Change::launchId));
        List<List<String>> sortedLoops = new ArrayList<>(loops);
        sortedLoops.sort(Comparator.comparing(loop -> loop.get(0)));
        return WeeklyReport.of(since, Instant.now(), scope, now, then, new Views.Changes(changed, unchanged), sortedLoops, teamOf);
    }

    /** This instance's part of the report: its launches now and then, what changed, and the cycles they wait on. */
    Views.ReportPart reportPart(Instant since, LaunchFilter filter) {
        AnswerSource then = asOf(since);
        AnswerSource now = AnswerSource.now(streams);
        List<Views.Launch> launchesNow = launches(filter, now, true);
        Set<String> waitedOn = new TreeSet<>();
        launchesNow.forEach(l -> waitedOn.addAll(WeeklyReport.cycleMembersOf(l)));
        List<List<String>> loops = new ArrayList<>();
        Map<String, String> teamOf = new HashMap<>();
        Set<String> placed = new HashSet<>();
        for (String member : waitedOn) {
            if (placed.add(member)) {
                List<String> loop = cycleThrough(member);
                placed.addAll(loop);
                loops.add(loop);
                loop.forEach(m -> teamOf.put(m, teamOf(now.milestone(m))));
            }
        }
        return new Views.ReportPart(launchesNow, launches(filter, then, false), changes(then, now, filter), loops, teamOf);
    }

    /** Most milestones a cycle search walks before it gives up on finding all of a cycle. */
    private static final int CYCLE_SEARCH_LIMIT = 50_000;

    /**
     * The members of the cycle through {@code member}: the milestones it reaches along blocking
     * edges that reach it back (its strongly connected component), in id order.
     */
    private List<String> cycleThrough(String member) {
        ReadOnlyKeyValueStore<String, MilestoneState> states = streams.store(StateStores.MILESTONE_STATE);
        ReadOnlyKeyValueStore<String, DependencyState> out = streams.store(StateStores.DEPENDENCY_STATE);
        ReadOnlyKeyValueStore<String, DependencyState> in = streams.store(StateStores.DEPENDENTS);
        Set<String> forward = new HashSet<>(List.of(member));
        List<String> queue = new ArrayList<>(List.of(member));
        for (int i = 0; i < queue.size() && queue.size() < CYCLE_SEARCH_LIMIT; i++) {
            if (!isOpen(states.get(queue.get(i)))) {
                continue;
            }
            for (DependencyState e : prefix(out, queue.get(i))) {
                if (e.getPresent() && e.getStrength() == DependencyStrength.HARD && !isResolved(states.get(e.getDependencyId()))
                        && forward.add(e.getDependencyId())) {
                    queue.add(e.getDependencyId());
                }
            }
        }
        Set<String> members = new TreeSet<>(List.of(member));
        List<String> back = new ArrayList<>(List.of(member));
        for (int i = 0; i < back.size(); i++) {
            for (DependencyState e : prefix(in, back.get(i))) {
                String dependent = e.getDependentId();
                if (e.getStrength() == DependencyStrength.HARD && forward.contains(dependent) && isOpen(states.get(dependent))
                        && members.add(dependent)) {
                    back.add(dependent);
                }
            }
        }
        return List.copyOf(members);
    }

    private static boolean isOpen(MilestoneState m) {
        String status = Views.status(m);
        return status != null && !List.of("DONE", "CANCELLED", "RETIRED").contains(status);
    }

    private static boolean isResolved(MilestoneState m) {
        return "DONE".equals(Views.status(m));
    }

    private static String teamOf(MilestoneState m) {
        return m == null || m.getDescriptor() == null ? null : m.getDescriptor().getTeamId();
    }

    /**
     * Every launch whose answer as of {@code since} differs from its answer now, among those open
     * on either side and matching {@code filter} (its team and labels, on either side).
     */
    Views.Changes changes(Instant since, LaunchFilter filter) {
        return changes(asOf(since), AnswerSource.now(streams), filter);
    }

    private static Views.Changes changes(AnswerSource then, AnswerSource now, LaunchFilter filter) {
        Map<String, LaunchAnswer> before = openAnswers(then);
        Map<String, LaunchAnswer> after = openAnswers(now);
        Set<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        List<Views.Change> changed = new ArrayList<>();
        int unchanged = 0;
        for (String id : ids) {
            LaunchAnswer b = before.get(id);
            LaunchAnswer a = after.get(id);
            MilestoneState latest = now.milestone(id);
            if (!filter.stateMatches(latest) && !(b != null && filter.stateMatches(then.milestone(id)))) {
                continue;
            }
            if (History.sameAnswer(b, a)) {
                unchanged++;
            } else {
                Views.Launch was = b == null ? null : described(then, b);
                Views.Launch is = a == null ? null : described(now, a);
                changed.add(new Views.Change(id, was, is, ChangeSummary.of(was, is, Views.status(latest))));
            }
        }
        return new Views.Changes(changed, unchanged);
    }

    private static Map<String, LaunchAnswer> openAnswers(AnswerSource source) {
        Map<String, LaunchAnswer> open = new HashMap<>();
        source.forEachAnswer((id, a) -> {
            if (a.getOpen()) {
                open.put(id, a);
            }
        });
        return open;
    }

    /** The answers as of {@code t} of the launches this instance answers, rebuilt from its event history. */
    private AnswerSource asOf(Instant t) {
        return AnswerSource.of(History.asOf(streams.store(StateStores.EVENT_HISTORY), t), answeredHere);
    }

    /** {@link #team(String)}'s JSON, built once between two changes of the stores. */
    byte[] readyTeam(String teamId) {
        streams.store(StateStores.TEAM_BLOCKING);
        return ready.team(teamId, () -> team(teamId));
    }

    Views.TeamBlocking team(String teamId) {
        ReadOnlyKeyValueStore<String, MilestoneState> milestones = streams.store(StateStores.MILESTONE_STATE);
        List<Views.TeamLaunch> launches = new ArrayList<>();
        for (TeamBlocking t : TeamQueries.launchesBlockedBy(streams.store(StateStores.TEAM_BLOCKING), milestones, teamId)) {
            MilestoneState m = milestones.get(t.getLaunchId());
            String name = m == null || m.getDescriptor() == null ? null : m.getDescriptor().getName();
            launches.add(new Views.TeamLaunch(t.getLaunchId(), name, Views.status(m), Views.dueDate(m), t.getMilestoneIds()));
        }
        return new Views.TeamBlocking(teamId, launches.size(), launches);
    }

    /** Every team that blocks an open launch or delays a LATE one, in no order (the caller merges and ranks). */
    List<Views.TeamCount> teamCounts() {
        Map<String, TeamQueries.TeamSlip> slips =
                TeamQueries.slips(streams.store(StateStores.LAUNCH_ANSWERS), streams.store(StateStores.MILESTONE_STATE));
        Map<String, Integer> counts = new HashMap<>();
        TeamQueries.ranking(streams.store(StateStores.TEAM_BLOCKING)).forEach(t -> counts.put(t.teamId(), t.count()));
        Set<String> teams = new TreeSet<>(counts.keySet());
        teams.addAll(slips.keySet());
        List<Views.TeamCount> result = new ArrayList<>();
        for (String team : teams) {
            TeamQueries.TeamSlip slip = slips.getOrDefault(team, new TeamQueries.TeamSlip(0, 0));
            result.add(new Views.TeamCount(team, counts.getOrDefault(team, 0), slip.lateLaunches(), slip.slipDays()));
        }
        return result;
    }

    Optional<Views.Milestone> milestone(String id) {
        MilestoneState m = streams.store(StateStores.MILESTONE_STATE).get(id);
        List<DependencyState> out = prefix(streams.store(StateStores.DEPENDENCY_STATE), id);
        out.removeIf(e -> !e.getPresent());
        List<DependencyState> in = prefix(streams.store(StateStores.DEPENDENTS), id);
        if (m == null && out.isEmpty() && in.isEmpty()) {
            return Optional.empty();
        }
        out.sort(Comparator.comparing(DependencyState::getDependencyId));
        in.sort(Comparator.comparing(DependencyState::getDependentId));
        MilestoneForecast forecast = streams.store(StateStores.MILESTONE_FORECASTS).get(id);
        return Optional.of(Views.milestone(id, m, forecast, out, in));
    }

    private static List<DependencyState> prefix(ReadOnlyKeyValueStore<String, DependencyState> store, String first) {
        List<DependencyState> found = new ArrayList<>();
        try (KeyValueIterator<String, DependencyState> it = store.prefixScan(StateStores.prefix(first), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }
}
