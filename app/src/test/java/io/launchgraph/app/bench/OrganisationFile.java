package io.launchgraph.app.bench;

import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a generated organisation as JSON Lines for {@code launchgraph publish}: the events that
 * build {@link GeneratedOrganisation} of {@code bench.milestones} (shuffled, seed 42), then its
 * everyday changes until the file holds {@code bench.events} events. The scale runs of
 * docs/performance.md send these files; 1M milestones and 10M events make 1.8 GB.
 */
public final class OrganisationFile {
    private static final int STEADY_BATCH = 500_000;

    private OrganisationFile() {}

    public static void main(String[] args) throws IOException {
        int milestones = Integer.getInteger("bench.milestones", 100_000);
        long events = Long.getLong("bench.events", 0);
        Path out = Path.of(System.getProperty("bench.out", "target/organisation-" + milestones + ".jsonl"));
        GeneratedOrganisation org = new GeneratedOrganisation(milestones, 42);
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            written += write(w, org.initialEvents);
            while (written < events) {
                written += write(w, org.steadyEvents((int) Math.min(STEADY_BATCH, events - written)));
                System.err.printf("%,d events written%n", written);
            }
        }
        System.out.printf("%s: %,d milestones, %,d events (%,d build it), %,d MB%n",
                out, milestones, written, org.initialEvents.size(), Files.size(out) >> 20);
    }

    private static int write(BufferedWriter w, List<MilestoneEvent> events) throws IOException {
        for (MilestoneEvent e : events) {
            w.write(EventJson.toJson(e).toString());
            w.newLine();
        }
        return events.size();
    }
}
