package io.launchgraph.app.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An import from start to plan, shared by {@code POST /import/{format}} and
 * {@code launchgraph import}: read the mapping, translate the export ({@link #translate}), compare
 * it with the current graph ({@link ImportPlanner}). Nothing is half-imported: any refused row
 * refuses the whole export, with every problem listed.
 */
public final class Importer {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private Importer() {}

    /** One import: the export's bytes, the mapping file's (null: the defaults), and when the export was taken. */
    public record Request(ImportFormat format, byte[] export, byte[] mapping, Instant exportedAt) {}

    /** What an import comes to. */
    public sealed interface Outcome {}

    /** Nothing can be imported: the export (or the mapping) has these problems. */
    public record Refused(String error, List<Problem> problems) implements Outcome {}

    /** The events that make the graph say what the export says, and the summary. */
    public record Planned(List<MilestoneEvent> events, ImportSummary summary) implements Outcome {}

    public static Outcome plan(Request request, CurrentGraph graph) {
        Mapping mapping;
        Desired desired;
        try {
            mapping = Mapping.read(request.format(), request.mapping());
            desired = translate(request.format(), request.export(), mapping);
        } catch (Mapping.BadMapping e) {
            return new Refused("the mapping is wrong; nothing was imported", List.of(Problem.whole(e.getMessage())));
        }
        if (!desired.accepted()) {
            return refused(desired.problems());
        }
        Instant exportedAt = request.exportedAt().truncatedTo(ChronoUnit.MILLIS);
        ImportPlanner.Plan plan = ImportPlanner.plan(desired, graph, mapping.source(), exportedAt);
        List<Problem> broken = new ArrayList<>();
        for (MilestoneEvent e : plan.events()) {
            // The parsers check every field; this is the last guard before anything is published.
            Rejection r = EventRules.check(e).orElse(null);
            if (r != null) {
                broken.add(new Problem(null, null, EventRules.entityId(e), r.code() + ": " + r.message()));
            }
        }
        if (!broken.isEmpty()) {
            return refused(broken);
        }
        return new Planned(plan.events(), new ImportSummary(request.format().id(), mapping.source(), exportedAt, plan.milestones(),
                plan.edges(), plan.events().size(), plan.notes()));
    }

    /** What an export says, read through the mapping, with the rows that cannot be imported. */
    public static Desired translate(ImportFormat format, byte[] export, Mapping mapping) {
        DesiredBuilder into = new DesiredBuilder();
        String text = new String(export, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Dates dates = Dates.of(mapping);
        boolean json = looksLikeJson(text);
        try {
            switch (format) {
                case JIRA -> {
                    if (json) {
                        JiraJson.read(tree(text), mapping, dates, into);
                    } else {
                        JiraCsv.read(CsvTable.read(text), mapping, dates, into);
                    }
                }
                case GITHUB -> GitHubIssues.read(tree(text), mapping, dates, into);
                case LINEAR -> LinearCsv.read(CsvTable.read(text), mapping, dates, into);
                case CSV -> TemplateCsv.read(CsvTable.read(text), mapping, dates, into);
                default -> throw new IllegalStateException("unhandled format " + format);
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof Mapping.BadMapping bad) {
                throw bad;
            }
            into.problem(Problem.whole(e.getMessage()));
        }
        return into.build();
    }

    private static Refused refused(List<Problem> problems) {
        return new Refused(problems.size() + " problem(s) in the export; nothing was imported", problems);
    }

    /** Jira exports either form; the content says which (a file name may lie, and a request body has none). */
    private static boolean looksLikeJson(String text) {
        String t = text.stripLeading();
        return t.startsWith("{") || t.startsWith("[");
    }

    private static JsonNode tree(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new IllegalArgumentException("the export is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the export is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
    }
}
