package io.launchgraph.app.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of events in their JSON form: one object, an array of objects, or JSON Lines (one
 * object per line). Every event is checked; the batch is good only when all of them are.
 */
public record EventBatch(List<MilestoneEvent> events, List<Problem> problems) {

    /** A refused event: its index in the batch, its line (JSON Lines only), and why. */
    public record Problem(int index, Integer line, Rejection rejection) {}

    /** Trailing tokens fail: otherwise a second object after the first would be dropped without a word. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public boolean accepted() {
        return problems.isEmpty();
    }

    /** Parses a body; {@code jsonLines} when the content is JSON Lines rather than JSON. */
    public static EventBatch parse(byte[] body, boolean jsonLines, int maxEvents) {
        List<MilestoneEvent> events = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (jsonLines) {
            String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
            int index = 0;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (index >= maxEvents) {
                    return tooMany(maxEvents);
                }
                take(EventJson.parse(line), index++, i + 1, events, problems);
            }
        } else {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                String hint = new String(body, StandardCharsets.UTF_8).strip().contains("\n{")
                        ? " (several objects one per line are JSON Lines: send them with Content-Type: application/x-ndjson)"
                        : "";
                return single(new Rejection(EventJson.UNDECODABLE, "not valid JSON: " + e.getOriginalMessage() + hint));
            } catch (java.io.IOException e) {
                return single(new Rejection(EventJson.UNDECODABLE, "unreadable body: " + e.getMessage()));
            }
            if (root == null || root.isMissingNode()) {
                return single(new Rejection(EventJson.UNDECODABLE, "empty body: send one event, an array of events, or JSON Lines"));
            }
            if (root.isArray()) {
                if (root.size() > maxEvents) {
                    return tooMany(maxEvents);
                }
                for (int i = 0; i < root.size(); i++) {
                    take(EventJson.parse(root.get(i)), i, null, events, problems);
                }
            } else {
                take(EventJson.parse(root), 0, null, events, problems);
            }
        }
        if (events.isEmpty() && problems.isEmpty()) {
            return single(new Rejection(EventJson.UNDECODABLE, "no events in the body"));
        }
        return new EventBatch(List.copyOf(events), List.copyOf(problems));
    }

    private static void take(EventJson.Parsed parsed, int index, Integer line, List<MilestoneEvent> events, List<Problem> problems) {
        if (parsed instanceof EventJson.Accepted a) {
            events.add(a.event());
        } else {
            problems.add(new Problem(index, line, ((EventJson.Refused) parsed).rejection()));
        }
    }

    private static EventBatch single(Rejection rejection) {
        return new EventBatch(List.of(), List.of(new Problem(0, null, rejection)));
    }

    private static EventBatch tooMany(int maxEvents) {
        return single(new Rejection("too_many_events", "more than " + maxEvents + " events in one request; send them in several"));
    }
}
