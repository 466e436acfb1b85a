package io.launchgraph.app.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.WhatIf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How fast an export is translated and compared with the graph, without Kafka: a generated Jira
 * search result of {@code launchgraph.importRate} issues (e.g. 20000), imported into an empty
 * graph, again (nothing to do), and a later export with 5 % of the issues changed. Prints the
 * numbers and writes them to {@code target/import-rate.txt}. In every build at 2,000 issues (its
 * assertions hold at any size); measured with
 * {@code mvn -o -pl app -am test -Dtest=ImportRateTest -Dsurefire.failIfNoSpecifiedTests=false -Dlaunchgraph.importRate=20000}.
 */
class ImportRateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STATUSES = {"To Do", "In Progress", "In Review", "Blocked", "Done", "Won't Do"};
    private static final Instant EXPORTED = Instant.parse("2026-10-05T09:00:00Z");

    /** A Jira search result: issues in 20 projects, 10 % launches, each blocked by up to three earlier issues, links shown on both ends. */
    static byte[] export(int issues, long seed, double changed) throws IOException {
        Random random = new Random(seed);
        Random change = new Random(seed + 1);
        List<ObjectNode> all = new ArrayList<>();
        List<List<String[]>> links = new ArrayList<>();
        for (int i = 0; i < issues; i++) {
            links.add(new ArrayList<>());
        }
        for (int i = 1; i < issues; i++) {
            int n = random.nextInt(4);
            for (int k = 0; k < n; k++) {
                int blocker = Math.max(0, i - 1 - random.nextInt(Math.min(i, 500)));
                if (change.nextDouble() < changed) {
                    continue;
                }
                links.get(i).add(new String[] {"inwardIssue", key(blocker)});
                links.get(blocker).add(new String[] {"outwardIssue", key(i)});
            }
        }
        for (int i = 0; i < issues; i++) {
            boolean moved = change.nextDouble() < changed;
            ObjectNode issue = JSON.createObjectNode().put("id", Integer.toString(10_000 + i)).put("key", key(i));
            ObjectNode f = issue.putObject("fields");
            f.put("summary", "Issue " + i + " of the generated organisation");
            f.putObject("issuetype").put("name", i % 10 == 0 ? "Launch" : "Story");
            f.putObject("status").put("name", STATUSES[(i + (moved ? 1 : 0)) % STATUSES.length]);
            f.putObject("project").put("key", "P" + (i % 20));
            f.putArray("labels").add("market-" + (i % 7));
            f.put("duedate", LocalDate.parse("2026-11-01").plusDays(i % 120 + (moved ? 7 : 0)).toString());
            f.put("updated", "2026-10-0" + (moved ? 6 : 1) + "T12:00:00.000+0000");
            ArrayNode l = f.putArray("issuelinks");
            for (String[] link : links.get(i)) {
                ObjectNode node = l.addObject();
                node.putObject("type").put("name", "Blocks").put("inward", "is blocked by").put("outward", "blocks");
                node.putObject(link[0]).put("key", link[1]);
            }
            all.add(issue);
        }
        ObjectNode root = JSON.createObjectNode().put("total", issues);
        root.putArray("issues").addAll(all);
        return JSON.writeValueAsBytes(root);
    }

    private static String key(int i) {
        return "P" + (i % 20) + "-" + (i + 1);
    }

    private record Timed(ImportPlanner.Plan plan, long translateNanos, long planNanos) {}

    private static Timed run(byte[] export, CurrentGraph graph) {
        long t0 = System.nanoTime();
        Desired d = Importer.translate(ImportFormat.JIRA, export, Mapping.defaults(ImportFormat.JIRA));
        long t1 = System.nanoTime();
        ImportPlanner.Plan plan = ImportPlanner.plan(d, graph, "jira", EXPORTED);
        long t2 = System.nanoTime();
        assertThat(d.problems()).isEmpty();
        return new Timed(plan, t1 - t0, t2 - t1);
    }

    private static String line(String what, int issues, int bytes, Timed t) {
        double seconds = (t.translateNanos() + t.planNanos()) / 1e9;
        return String.format(Locale.ROOT, "%-34s %,7d issues (%,6.1f MB)  translate %,6d ms  plan %,6d ms  %,7d events  %,9.0f issues/s  %,9.0f events/s",
                what, issues, bytes / 1e6, t.translateNanos() / 1_000_000, t.planNanos() / 1_000_000, t.plan().events().size(),
                issues / seconds, t.plan().events().size() / seconds);
    }

    @Test
    void shouldMeasureTheImportRate() throws IOException {
        // given
        int issues = Integer.getInteger("launchgraph.importRate", 2_000);
        byte[] first = export(issues, 42, 0);
        byte[] later = export(issues, 42, 0.05);
        for (int warm = 0; warm < 2; warm++) {
            run(first, CurrentGraph.EMPTY);
        }

        // when
        Timed fresh = run(first, CurrentGraph.EMPTY);
        List<MilestoneEvent> events = fresh.plan().events();
        long fold = System.nanoTime();
        WhatIf graph = WhatIf.of(events);
        long foldNanos = System.nanoTime() - fold;
        Timed again = run(first, CurrentGraph.of(graph));
        Timed moved = run(later, CurrentGraph.of(graph));

        // then
        assertThat(again.plan().events()).isEmpty();
        assertThat(moved.plan().events()).isNotEmpty();
        List<String> report = List.of(
                "Import rate (one thread, no Kafka; " + Runtime.getRuntime().availableProcessors() + " cores, JVM " + System.getProperty("java.version") + ")",
                line("new export, empty graph", issues, first.length, fresh),
                line("same export again", issues, first.length, again),
                line("later export, 5% changed", issues, later.length, moved),
                String.format(Locale.ROOT, "(folding the %,d events into a what-if replica for the comparison: %,d ms)", events.size(), foldNanos / 1_000_000));
        report.forEach(System.out::println);
        Files.write(Path.of("target", "import-rate.txt"), report, StandardCharsets.UTF_8);
    }
}
