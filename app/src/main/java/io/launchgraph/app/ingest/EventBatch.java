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

    /** A refused item: its index in the batch, its line (JSON Lines only), and why. */
    public record Problem(int index, Integer line, Rejection rejection) {}

    /** One item of a body, read: its value, or why it was refused. */
    public record Item<T>(T value, Rejection rejection) {
        public static <T> Item<T> of(T value) {
            return new Item<>(value, null);
        }

        public static <T> Item<T> refused(Rejection rejection) {
            return new Item<>(null, rejection);
        }
    }

    /** Reads the item at {@code index} of a body from its JSON tree. */
    @FunctionalInterface
    public interface ItemReader<T> {
        Item<T> read(int index, JsonNode node);
    }

    /** The items of a body in order, and the refused ones; good only when none was refused. */
    public record Items<T>(List<T> values, List<Problem> problems) {
        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    /** Trailing tokens fail: otherwise a second object after the first would be dropped without a word. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public boolean accepted() {
        return problems.isEmpty();
    }

    /** Parses a body; {@code jsonLines} when the content is JSON Lines rather than JSON. */
    public static EventBatch parse(byte[] body, boolean jsonLines, int maxEvents) {
        Items<MilestoneEvent> items = items(body, jsonLines, maxEvents, "events", (index, node) -> {
            EventJson.Parsed parsed = EventJson.parse(node);
            return parsed instanceof EventJson.Accepted a ? Item.of(a.event()) : Item.refused(((EventJson.Refused) parsed).rejection());
        });
        return new EventBatch(items.values(), items.problems());
    }

    /**
     * Reads a body of items in any of the three forms ({@code noun} names them in messages):
     * what {@code POST /events} and {@code POST /what-if} share.
     */
    public static <T> Items<T> items(byte[] body, boolean jsonLines, int max, String noun, ItemReader<T> reader) {
        List<T> values = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (jsonLines) {
            String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
            int index = 0;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (index >= max) {
                    return tooMany(max, noun);
                }
                Item<T> item;
                try {
                    item = reader.read(index, EventJson.tree(line));
                } catch (JsonProcessingException e) {
                    item = Item.refused(new Rejection(EventJson.UNDECODABLE, "not valid JSON: " + e.getOriginalMessage()));
                }
                take(item, index++, i + 1, values, problems);
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
                return single(new Rejection(EventJson.UNDECODABLE, "empty body: send one of the " + noun + ", an array of them, or JSON Lines"));
            }
            if (root.isArray()) {
                if (root.size() > max) {
                    return tooMany(max, noun);
                }
                for (int i = 0; i < root.size(); i++) {
                    take(reader.read(i, root.get(i)), i, null, values, problems);
                }
            } else {
                take(reader.read(0, root), 0, null, values, problems);
            }
        }
        if (values.isEmpty() && problems.isEmpty()) {
            return single(new Rejection(EventJson.UNDECODABLE, "no " + noun + " in the body"));
        }
        return new Items<>(List.copyOf(values), List.copyOf(problems));
    }

    private static <T> void take(Item<T> item, int index, Integer line, List<T> values, List<Problem> problems) {
        if (item.rejection() == null) {
            values.add(item.value());
        } else {
            problems.add(new Problem(index, line, item.rejection()));
        }
    }

    private static <T> Items<T> single(Rejection rejection) {
        return new Items<>(List.of(), List.of(new Problem(0, null, rejection)));
    }

    private static <T> Items<T> tooMany(int max, String noun) {
        return single(new Rejection("too_many_events", "more than " + max + " " + noun + " in one request; send them in several"));
    }
}
