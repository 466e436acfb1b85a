package io.launchgraph.topology.model;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneRetired;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.MilestoneForecast;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An independent, deliberately plain implementation of SEMANTICS.md, the oracle of the property
 * and acceptance tests. It sees the whole set of events at once, so delivery order cannot matter
 * to it: each register is simply the value of the event with the largest (occurredAt, eventId)
 * among those that write it. The graph questions are answered by brute force (reachability sets
 * per node), nothing clever and nothing shared with the production code.
 *
 * <p>Events must be valid except that self-dependencies are ignored here (production rejects
 * them to the dead-letter topic).
 */
public final class ReferenceModel {

    private record Written<V>(V value, long at, String eventId) {
        boolean beats(Written<?> other) {
            if (other == null) {
                return true;
            }
            if (at != other.at) {
                return at > other.at;
            }
            return eventId.compareTo(other.eventId) > 0;
        }
    }

    private record Description(String teamId, MilestoneKind kind) {}

    private record EdgeValue(DependencyStrength strength, LocalDate neededBy) {}

    private final Map<String, Written<Description>> description = new HashMap<>();
    private final Map<String, Written<MilestoneStatus>> status = new HashMap<>();
    private final Map<String, Written<LocalDate>> dueDate = new HashMap<>();
    private final Map<String, Written<Boolean>> existence = new HashMap<>();
    /** "dependent -> dependency" to the last write; a null value means removed. */
    private final Map<List<String>, Written<EdgeValue>> edges = new HashMap<>();
    // Indexes, built once all events are in (the model never changes afterwards).
    private final Map<String, List<String>> dependenciesOf = new HashMap<>();
    private final Map<String, List<String>> dependentsOf = new HashMap<>();
    private final Map<String, Set<String>> reachCache = new HashMap<>();
    private final Map<String, Long> forecastDayCache = new HashMap<>();

    public ReferenceModel(Collection<MilestoneEvent> events) {
        for (MilestoneEvent e : events) {
            long at = e.getOccurredAt().toEpochMilli();
            String id = e.getEventId();
            Object ev = e.getEvent();
            if (ev instanceof MilestoneDeclared d) {
                write(description, d.getMilestoneId(), new Written<>(new Description(d.getTeamId(), d.getKind()), at, id));
                write(existence, d.getMilestoneId(), new Written<>(true, at, id));
                if (d.getStatus() != null) {
                    write(status, d.getMilestoneId(), new Written<>(d.getStatus(), at, id));
                }
                if (d.getDueDate() != null) {
                    write(dueDate, d.getMilestoneId(), new Written<>(d.getDueDate(), at, id));
                }
            } else if (ev instanceof MilestoneStatusChanged s) {
                write(status, s.getMilestoneId(), new Written<>(s.getStatus(), at, id));
            } else if (ev instanceof MilestoneDueDateChanged c) {
                write(dueDate, c.getMilestoneId(), new Written<>(c.getDueDate(), at, id));
            } else if (ev instanceof MilestoneRetired r) {
                write(existence, r.getMilestoneId(), new Written<>(false, at, id));
            } else if (ev instanceof DependencyDeclared d) {
                if (!d.getDependentId().equals(d.getDependencyId())) {
                    write(edges, List.of(d.getDependentId(), d.getDependencyId()),
                            new Written<>(new EdgeValue(d.getStrength(), d.getNeededBy()), at, id));
                }
            } else if (ev instanceof DependencyRemoved r) {
                if (!r.getDependentId().equals(r.getDependencyId())) {
                    write(edges, List.of(r.getDependentId(), r.getDependencyId()), new Written<>(null, at, id));
                }
            } else {
                throw new IllegalArgumentException("unknown event " + ev);
            }
        }
        for (List<String> edge : edges.keySet()) {
            dependenciesOf.computeIfAbsent(edge.get(0), k -> new ArrayList<>()).add(edge.get(1));
            dependentsOf.computeIfAbsent(edge.get(1), k -> new ArrayList<>()).add(edge.get(0));
        }
    }

    /**
     * SEMANTICS.md "What if": the model of {@code events} with {@code hypotheses} on top, each
     * winning over every real event (stamped after all of them), later ones over earlier ones.
     */
    public static ReferenceModel withHypotheses(Collection<MilestoneEvent> events, List<MilestoneEvent> hypotheses) {
        List<MilestoneEvent> all = new ArrayList<>(events);
        for (int i = 0; i < hypotheses.size(); i++) {
            MilestoneEvent h = hypotheses.get(i);
            // Real instants stop at year 9999; real ids never start with "~~~~" in the generators.
            all.add(new MilestoneEvent(String.format("~~~~%06d", i), java.time.Instant.parse("9999-12-31T23:59:59.999Z"), h.getSource(), h.getEvent()));
        }
        return new ReferenceModel(all);
    }

    private static <K, V> void write(Map<K, Written<V>> registers, K key, Written<V> w) {
        if (w.beats(registers.get(key))) {
            registers.put(key, w);
        }
    }

    // --- the definitions of SEMANTICS.md, one by one ---

    boolean exists(String m) {
        Written<Boolean> w = existence.get(m);
        return w != null && w.value();
    }

    MilestoneStatus statusOf(String m) {
        Written<MilestoneStatus> w = status.get(m);
        return w == null ? MilestoneStatus.PLANNED : w.value();
    }

    LocalDate dueOf(String m) {
        Written<LocalDate> w = dueDate.get(m);
        return w == null ? null : w.value();
    }

    boolean resolved(String m) {
        return exists(m) && statusOf(m) == MilestoneStatus.DONE;
    }

    boolean open(String m) {
        return exists(m) && statusOf(m) != MilestoneStatus.DONE && statusOf(m) != MilestoneStatus.CANCELLED;
    }

    public String teamOf(String m) {
        Written<Description> w = description.get(m);
        return w == null ? null : w.value().teamId();
    }

    boolean isLaunch(String m) {
        Written<Description> w = description.get(m);
        return w != null && w.value().kind() == MilestoneKind.LAUNCH;
    }

    BlockReason reasonOf(String m) {
        if (!description.containsKey(m)) {
            return BlockReason.UNKNOWN;
        }
        if (!exists(m)) {
            return BlockReason.RETIRED;
        }
        return BlockReason.valueOf(statusOf(m).name());
    }

    boolean blocking(String d, String m) {
        Written<EdgeValue> w = edges.get(List.of(d, m));
        return w != null
                && w.value() != null
                && w.value().strength() == DependencyStrength.HARD
                && open(d)
                && !resolved(m);
    }

    /** Targets of blocking edges from d, in id order. */
    TreeSet<String> blockingTargets(String d) {
        TreeSet<String> targets = new TreeSet<>();
        for (String m : dependenciesOf.getOrDefault(d, List.of())) {
            if (blocking(d, m)) {
                targets.add(m);
            }
        }
        return targets;
    }

    /** Everything reachable from x along blocking edges, x included. */
    Set<String> reach(String x) {
        Set<String> cached = reachCache.get(x);
        if (cached != null) {
            return cached;
        }
        Set<String> seen = new HashSet<>(Set.of(x));
        Deque<String> todo = new ArrayDeque<>(List.of(x));
        while (!todo.isEmpty()) {
            for (String y : blockingTargets(todo.pop())) {
                if (seen.add(y)) {
                    todo.push(y);
                }
            }
        }
        reachCache.put(x, seen);
        return seen;
    }

    /** Open launches, in id order. */
    public TreeSet<String> openLaunches() {
        TreeSet<String> launches = new TreeSet<>();
        for (String m : description.keySet()) {
            if (isLaunch(m) && open(m)) {
                launches.add(m);
            }
        }
        return launches;
    }

    /** Launches that are not open: declared as launches at some time, but done, cancelled or retired. */
    public TreeSet<String> launchesNotOpen() {
        TreeSet<String> launches = new TreeSet<>();
        for (String m : description.keySet()) {
            if (isLaunch(m) && !open(m)) {
                launches.add(m);
            }
        }
        return launches;
    }

    /** Answers of every open launch. */
    public Map<String, Answer> answers() {
        Map<String, Answer> answers = new TreeMap<>();
        for (String launch : openLaunches()) {
            answers.put(launch, answer(launch));
        }
        return answers;
    }

    /** The answer for one launch, or {@link Answer#CLOSED} when it is not an open launch. */
    public Answer answer(String launch) {
        if (!isLaunch(launch) || !open(launch)) {
            return Answer.CLOSED;
        }
        List<Answer.Blocker> direct = new ArrayList<>();
        for (String m : blockingTargets(launch)) {
            direct.add(new Answer.Blocker(m, teamOf(m), reasonOf(m)));
        }
        if (direct.isEmpty()) {
            return new Answer(true, false, List.of(), List.of(), risk(Set.of(launch)), forecast(launch));
        }
        Set<String> subgraph = reach(launch);
        List<Answer.Root> roots = new ArrayList<>();
        for (String x : subgraph) {
            Set<String> fromX = reach(x);
            boolean bottom = fromX.stream().allMatch(y -> reach(y).contains(x));
            if (bottom) {
                roots.add(new Answer.Root(x, teamOf(x), reasonOf(x), fromX.size() > 1, shortestSmallestPath(launch, x)));
            }
        }
        roots.sort(Comparator.comparing(Answer.Root::milestoneId));
        return new Answer(true, true, direct, roots, risk(subgraph), forecast(launch));
    }

    // --- forecasts (contract v2), straight from the definitions ---

    /** In a strongly connected component of blocking edges with two or more members. */
    boolean inCycle(String y) {
        for (String z : reach(y)) {
            if (!z.equals(y) && reach(z).contains(y)) {
                return true;
            }
        }
        return false;
    }

    /** Cannot finish as planned: not open, or a member of a cycle. */
    boolean stuck(String y) {
        return !open(y) || inCycle(y);
    }

    ForecastState forecastState(String x) {
        Set<String> b = reach(x);
        if (b.stream().anyMatch(this::stuck)) {
            return ForecastState.NEVER;
        }
        if (b.stream().anyMatch(y -> dueOf(y) == null)) {
            return ForecastState.UNSCHEDULED;
        }
        return forecastDay(x) > dueOf(x).toEpochDay() ? ForecastState.LATE : ForecastState.ON_TIME;
    }

    /** F(x) in epoch days, for an x whose blocking subgraph is open, dated and acyclic. */
    long forecastDay(String x) {
        Long cached = forecastDayCache.get(x);
        if (cached != null) {
            return cached;
        }
        long f = dueOf(x).toEpochDay() + Math.max(0, largestSlip(x));
        forecastDayCache.put(x, f);
        return f;
    }

    /** The largest F(y) - needed(e) over the blocking edges e = x -> y (Long.MIN_VALUE when none). */
    private long largestSlip(String x) {
        long largest = Long.MIN_VALUE;
        for (String y : blockingTargets(x)) {
            largest = Math.max(largest, forecastDay(y) - needed(x, y).toEpochDay());
        }
        return largest;
    }

    private LocalDate needed(String x, String y) {
        LocalDate neededBy = edges.get(List.of(x, y)).value().neededBy();
        return neededBy != null ? neededBy : dueOf(x);
    }

    /** The forecast of an open milestone, or null. */
    public MilestoneForecast milestoneForecast(String x) {
        if (!open(x)) {
            return null;
        }
        ForecastState state = forecastState(x);
        if (state == ForecastState.NEVER || state == ForecastState.UNSCHEDULED) {
            return new MilestoneForecast(state, null, null);
        }
        long f = forecastDay(x);
        return new MilestoneForecast(state, LocalDate.ofEpochDay(f), (int) (f - dueOf(x).toEpochDay()));
    }

    /** Forecasts of every open milestone (launches included), by id. */
    public Map<String, MilestoneForecast> forecasts() {
        Map<String, MilestoneForecast> all = new TreeMap<>();
        for (String m : description.keySet()) {
            MilestoneForecast f = milestoneForecast(m);
            if (f != null) {
                all.put(m, f);
            }
        }
        return all;
    }

    Answer.Forecast forecast(String launch) {
        MilestoneForecast f = milestoneForecast(launch);
        return switch (f.state()) {
            case NEVER -> Answer.Forecast.never(nearestPath(launch, this::stuck));
            case UNSCHEDULED -> Answer.Forecast.unscheduled(nearestPath(launch, y -> dueOf(y) == null));
            case ON_TIME -> Answer.Forecast.onTime(f.date());
            case LATE -> Answer.Forecast.late(f.date(), f.slipDays(), criticalPath(launch));
        };
    }

    /** Follows the largest slip (ties: the smallest target) until a milestone forecast on its due date. */
    private List<String> criticalPath(String launch) {
        List<String> path = new ArrayList<>(List.of(launch));
        String x = launch;
        while (forecastDay(x) > dueOf(x).toEpochDay()) {
            long largest = largestSlip(x);
            String from = x;
            x = blockingTargets(x).stream()
                    .filter(y -> forecastDay(y) - needed(from, y).toEpochDay() == largest)
                    .findFirst()
                    .orElseThrow();
            path.add(x);
        }
        return path;
    }

    /** The smallest of the paths to the members of B(launch) that match: shorter first, then element by element. */
    private List<String> nearestPath(String launch, Predicate<String> kind) {
        return reach(launch).stream()
                .filter(kind)
                .map(y -> shortestSmallestPath(launch, y))
                .min(Comparator.<List<String>>comparingInt(List::size).thenComparing(ReferenceModel::elementByElement))
                .orElseThrow();
    }

    private static int elementByElement(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * The shortest blocking chain from {@code from} to {@code to}, smallest in id order among the
     * shortest: walk from the start, always taking the smallest next id that is still on some
     * shortest chain (its distance to the target is one less).
     */
    List<String> shortestSmallestPath(String from, String to) {
        Map<String, Integer> distanceTo = new HashMap<>(Map.of(to, 0));
        Deque<String> todo = new ArrayDeque<>(List.of(to));
        while (!todo.isEmpty()) {
            String y = todo.removeFirst();
            for (String d : dependentsOf.getOrDefault(y, List.of())) {
                if (blocking(d, y) && !distanceTo.containsKey(d)) {
                    distanceTo.put(d, distanceTo.get(y) + 1);
                    todo.addLast(d);
                }
            }
        }
        List<String> path = new ArrayList<>(List.of(from));
        String current = from;
        while (!current.equals(to)) {
            int wanted = distanceTo.get(current) - 1;
            current = blockingTargets(current).stream()
                    .filter(next -> distanceTo.containsKey(next) && distanceTo.get(next) == wanted)
                    .findFirst()
                    .orElseThrow();
            path.add(current);
        }
        return path;
    }

    List<Answer.Risk> risk(Set<String> subgraph) {
        List<Answer.Risk> risk = new ArrayList<>();
        for (String u : subgraph) {
            for (String m : dependenciesOf.getOrDefault(u, List.of())) {
                EdgeValue edge = edges.get(List.of(u, m)).value();
                if (edge == null || !open(u) || resolved(m)) {
                    continue;
                }
                LocalDate needed = edge.neededBy() != null ? edge.neededBy() : dueOf(u);
                if (needed == null) {
                    continue;
                }
                LocalDate due = exists(m) ? dueOf(m) : null;
                if (due == null || due.isAfter(needed)) {
                    risk.add(new Answer.Risk(u, m, edge.strength(), needed, due));
                }
            }
        }
        risk.sort(Comparator.comparing(Answer.Risk::dependentId).thenComparing(Answer.Risk::dependencyId));
        return risk;
    }

    /**
     * The teams view: team to the open launches it blocks (owning a direct or root blocker), each
     * with the team's blocking milestones.
     */
    public Map<String, Map<String, Set<String>>> teams() {
        Map<String, Map<String, Set<String>>> teams = new TreeMap<>();
        answers().forEach((launch, answer) -> {
            List<String[]> owned = new ArrayList<>();
            answer.direct().forEach(b -> owned.add(new String[] {b.teamId(), b.milestoneId()}));
            answer.roots().forEach(r -> owned.add(new String[] {r.teamId(), r.milestoneId()}));
            for (String[] o : owned) {
                if (o[0] != null) {
                    teams.computeIfAbsent(o[0], t -> new TreeMap<>())
                            .computeIfAbsent(launch, l -> new TreeSet<>())
                            .add(o[1]);
                }
            }
        });
        return teams;
    }

    /** The due date of a launch (for ordering a team's view), or null. */
    public LocalDate launchDueDate(String launch) {
        return dueOf(launch);
    }
}
