package io.launchgraph.topology.bench;

import io.launchgraph.avro.DependencyDeclared;
import io.launchgraph.avro.DependencyRemoved;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.MilestoneDeclared;
import io.launchgraph.avro.MilestoneDueDateChanged;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneKind;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A large generated organisation for benchmarks: milestones in layers 0 (platform) to 8
 * (launches), each depending on 1 to 6 milestones of lower layers, mostly the next one down; a
 * few edges back up make cycles, and 3 % of milestones start cancelled, so most launches wait on
 * something that cannot finish (forecast NEVER). A <em>planned</em> organisation has neither:
 * every forecast is a date, and a slip moves everything above it. Deterministic for a given seed.
 */
public final class GeneratedOrganisation {
    public static final int LAYERS = 9;
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final LocalDate D0 = LocalDate.parse("2026-11-01");

    public final int size;
    /** Milestone ids by layer; layer 8 holds the launches. */
    public final List<List<String>> layers = new ArrayList<>();
    /** The events that build the organisation, in a shuffled delivery order. */
    public final List<MilestoneEvent> initialEvents;
    /** The platform milestone with the most dependents. */
    public final String busiestPlatformMilestone;
    private final boolean planned;
    private final Random random;
    private final List<String> teams = new ArrayList<>();
    /** Edges declared so far, as [dependent, dependency], so that removals hit real edges. */
    private final List<String[]> edges = new ArrayList<>();
    private long clock;
    private int eventCounter;

    public GeneratedOrganisation(int size, long seed) {
        this(size, seed, false);
    }

    public GeneratedOrganisation(int size, long seed, boolean planned) {
        this.size = size;
        this.planned = planned;
        this.random = new Random(seed);
        for (int t = 0; t < 60; t++) {
            teams.add(String.format("team-%02d", t));
        }
        int launches = size / 10;
        int platform = Math.max(10, size / 200);
        int perMiddleLayer = (size - launches - platform) / (LAYERS - 2);
        List<MilestoneEvent> events = new ArrayList<>();
        for (int layer = 0; layer < LAYERS; layer++) {
            int count = layer == 0 ? platform : layer == LAYERS - 1 ? launches : perMiddleLayer;
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = (layer == LAYERS - 1 ? "launch-" : "m" + layer + "-") + i;
                ids.add(id);
                events.add(declared(id, layer == LAYERS - 1 ? MilestoneKind.LAUNCH : MilestoneKind.MILESTONE, initialStatus()));
            }
            layers.add(ids);
        }
        int[] platformInDegree = new int[platform];
        for (int layer = 1; layer < LAYERS; layer++) {
            for (String dependent : layers.get(layer)) {
                int fanOut = 1 + random.nextInt(6);
                for (int k = 0; k < fanOut; k++) {
                    int targetLayer = random.nextInt(10) < 8 ? layer - 1 : random.nextInt(layer);
                    int index = random.nextInt(layers.get(targetLayer).size());
                    if (targetLayer == 0) {
                        platformInDegree[index]++;
                    }
                    events.add(edge(dependent, layers.get(targetLayer).get(index)));
                }
            }
        }
        // A few cycles: edges from low layers back up to middle layers.
        for (int c = 0; c < (planned ? 0 : 12); c++) {
            int low = 1 + random.nextInt(3);
            int high = low + 1 + random.nextInt(3);
            events.add(edge(pick(layers.get(low)), pick(layers.get(high))));
        }
        int busiest = 0;
        for (int i = 1; i < platform; i++) {
            if (platformInDegree[i] > platformInDegree[busiest]) {
                busiest = i;
            }
        }
        busiestPlatformMilestone = layers.get(0).get(busiest);
        java.util.Collections.shuffle(events, random);
        initialEvents = List.copyOf(events);
    }

    /**
     * The steady path: what team systems send all day. Status and due-date changes anywhere,
     * dependencies declared and removed (equally often, so the organisation keeps its shape), and
     * re-sends of facts already known (retries, replays).
     */
    public List<MilestoneEvent> steadyEvents(int count) {
        List<MilestoneEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            if (kind < 35) {
                events.add(wrap(new MilestoneStatusChanged(anyMilestone(), steadyStatus())));
            } else if (kind < 55) {
                events.add(wrap(new MilestoneDueDateChanged(anyMilestone(), D0.plusDays(random.nextInt(240)))));
            } else if (kind < 62) {
                int layer = 1 + random.nextInt(LAYERS - 1);
                events.add(edge(pick(layers.get(layer)), pick(layers.get(layer - 1))));
            } else if (kind < 69) {
                // As many removals as declarations, of edges that exist: the graph keeps its size.
                int index = random.nextInt(edges.size());
                String[] removed = edges.get(index);
                edges.set(index, edges.get(edges.size() - 1));
                edges.remove(edges.size() - 1);
                events.add(wrap(new DependencyRemoved(removed[0], removed[1])));
            } else {
                // A re-send: the same fact again, whatever it was.
                events.add(events.isEmpty() ? initialEvents.get(random.nextInt(initialEvents.size()))
                        : events.get(random.nextInt(events.size())));
            }
        }
        return events;
    }

    public MilestoneEvent statusChange(String milestoneId, MilestoneStatus status) {
        return wrap(new MilestoneStatusChanged(milestoneId, status));
    }

    public MilestoneEvent dueDateChange(String milestoneId, LocalDate dueDate) {
        return wrap(new MilestoneDueDateChanged(milestoneId, dueDate));
    }

    private String anyMilestone() {
        return pick(layers.get(random.nextInt(LAYERS)));
    }

    private String pick(List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private MilestoneStatus initialStatus() {
        int r = random.nextInt(100);
        return r < 35 ? MilestoneStatus.DONE
                : r < 65 ? MilestoneStatus.IN_PROGRESS
                : r < 80 ? MilestoneStatus.PLANNED
                : r < 97 || planned ? MilestoneStatus.AT_RISK
                : MilestoneStatus.CANCELLED;
    }

    private MilestoneStatus steadyStatus() {
        int r = random.nextInt(100);
        return r < 40 ? MilestoneStatus.DONE : r < 75 ? MilestoneStatus.IN_PROGRESS : r < 95 ? MilestoneStatus.AT_RISK : MilestoneStatus.PLANNED;
    }

    private MilestoneEvent declared(String id, MilestoneKind kind, MilestoneStatus status) {
        return wrap(new MilestoneDeclared(
                id, teams.get(random.nextInt(teams.size())), "Milestone " + id, kind,
                D0.plusDays(random.nextInt(240)), status, Map.of("market", random.nextBoolean() ? "DE" : "US")));
    }

    private MilestoneEvent edge(String dependent, String dependency) {
        edges.add(new String[] {dependent, dependency});
        return wrap(new DependencyDeclared(
                dependent, dependency, random.nextInt(10) < 8 ? DependencyStrength.HARD : DependencyStrength.SOFT,
                random.nextInt(3) == 0 ? D0.plusDays(random.nextInt(240)) : null));
    }

    private MilestoneEvent wrap(Object event) {
        clock += 1 + random.nextInt(5);
        return new MilestoneEvent("ev-" + (++eventCounter), T0.plusMillis(clock), "bench", event);
    }
}
