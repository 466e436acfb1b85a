package io.launchgraph.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The input of the side-by-side run, as the JSON Lines file {@code launchgraph publish} reads:
 * {@code GeneratedOrganisation(milestones, 42)}'s events that build it plus its everyday changes,
 * all shuffled, with about 2 % re-sends (an identical copy of an earlier line, later in the file)
 * and about 0.3 % invalid lines.
 *
 * <p>The generator's everyday changes already hold re-sends (about a third of them); those are
 * left out here so that the share of re-sends is the one the issue names. Two kinds of invalid
 * lines, because {@code publish} checks every line before it sends it:
 * <ul>
 *   <li>conflicting events (two thirds): the eventId and occurredAt of an earlier event with other
 *       content. No client can see that they are wrong, so {@code publish} sends them and the
 *       service refuses them to the dead-letter topic. They keep the original's key (milestone or
 *       dependent), so they reach the graph task after the original, which therefore wins;</li>
 *   <li>malformed lines (a third): an unknown status, a missing milestoneId, a dependency on
 *       itself. {@code publish} refuses these itself, with their line numbers, as it would for a
 *       user; the PostgreSQL loader refuses them too.</li>
 * </ul>
 */
final class ComparisonEvents {
    static final long SEED = 42;
    private static final double RESENDS = 0.02;
    private static final double INVALID = 0.003;
    private static final int STEADY_BATCH = 100_000;

    /** What was written: the file, its line counts, and the generated launches and teams. */
    record Written(Path file, int lines, int accepted, int resends, int conflicts, int malformed, List<String> launches, List<String> teams,
            int initialEvents) {}

    private ComparisonEvents() {}

    static Written write(int milestones, long events, Path out) throws IOException {
        GeneratedOrganisation org = new GeneratedOrganisation(milestones, SEED);
        int resends = (int) Math.round(events * RESENDS);
        int invalid = (int) Math.round(events * INVALID);
        int conflicts = invalid * 2 / 3;
        int malformed = invalid - conflicts;
        long wanted = Math.max(org.initialEvents.size(), events - resends - invalid);
        List<MilestoneEvent> base = new ArrayList<>(org.initialEvents);
        Set<String> seen = new HashSet<>();
        base.forEach(e -> seen.add(e.getEventId()));
        while (base.size() < wanted) {
            for (MilestoneEvent e : org.steadyEvents(STEADY_BATCH)) {
                if (base.size() < wanted && seen.add(e.getEventId())) {
                    base.add(e);
                }
            }
        }
        Random random = new Random(SEED);
        Collections.shuffle(base, random);
        List<String> lines = new ArrayList<>(base.size());
        base.forEach(e -> lines.add(EventJson.toJson(e).toString()));

        // Extra lines go after a chosen original: (position in the shuffled list, line).
        List<Insert> inserts = new ArrayList<>();
        for (int i = 0; i < resends; i++) {
            int original = random.nextInt(lines.size());
            inserts.add(new Insert(later(random, original, lines.size()), lines.get(original)));
        }
        int made = 0;
        while (made < conflicts) {
            int original = random.nextInt(lines.size());
            String conflicting = conflicting(base.get(original), random);
            if (conflicting != null) {
                inserts.add(new Insert(later(random, original, lines.size()), conflicting));
                made++;
            }
        }
        for (int i = 0; i < malformed; i++) {
            inserts.add(new Insert(random.nextDouble() * lines.size(), malformed(i)));
        }
        inserts.sort(Comparator.comparingDouble(Insert::position));

        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            int next = 0;
            for (int i = 0; i < lines.size(); i++) {
                w.write(lines.get(i));
                w.newLine();
                while (next < inserts.size() && inserts.get(next).position() < i + 1) {
                    w.write(inserts.get(next++).line());
                    w.newLine();
                }
            }
            while (next < inserts.size()) {
                w.write(inserts.get(next++).line());
                w.newLine();
            }
        }
        List<String> teams = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            teams.add(String.format(Locale.ROOT, "team-%02d", t));
        }
        int total = lines.size() + inserts.size();
        return new Written(out, total, total - malformed, resends, conflicts, malformed,
                List.copyOf(org.layers.get(GeneratedOrganisation.LAYERS - 1)), teams, org.initialEvents.size());
    }

    private record Insert(double position, String line) {}

    /** A position strictly after {@code original}: the copy reaches the service after it. */
    private static double later(Random random, int original, int size) {
        return original + 1 + random.nextDouble() * (size - original - 1);
    }

    /** The same eventId, occurredAt and key with other content; null for a kind with nothing to change. */
    private static String conflicting(MilestoneEvent event, Random random) {
        ObjectNode node = EventJson.toJson(event);
        switch (node.get("type").asText()) {
            case "MilestoneStatusChanged" -> node.put("status", node.get("status").asText().equals("DONE") ? "AT_RISK" : "DONE");
            case "MilestoneDueDateChanged", "MilestoneDeclared" -> node.put("dueDate",
                    node.hasNonNull("dueDate") ? LocalDate.parse(node.get("dueDate").asText()).plusDays(1 + random.nextInt(30)).toString()
                            : "2027-01-01");
            case "DependencyDeclared" -> node.put("strength", node.get("strength").asText().equals("HARD") ? "SOFT" : "HARD");
            default -> {
                return null;
            }
        }
        return node.toString();
    }

    /** A line that fails validation, of one of three kinds in turn. */
    private static String malformed(int i) {
        ObjectNode node = EventJson.toJson(new MilestoneEvent("invalid-" + i, java.time.Instant.parse("2026-06-01T00:00:00Z"), "bench",
                new io.launchgraph.avro.MilestoneRetired("m1-0")));
        switch (i % 3) {
            case 0 -> node.put("type", "MilestoneStatusChanged").put("status", "SHIPPED");
            case 1 -> node.put("type", "MilestoneDueDateChanged").put("dueDate", "2027-01-01").remove("milestoneId");
            default -> node.put("type", "DependencyDeclared").put("strength", "HARD").put("dependencyId", "m1-0")
                    .put("dependentId", node.remove("milestoneId").asText());
        }
        return node.toString();
    }
}
