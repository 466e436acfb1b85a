package io.launchgraph.app.whatif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.launchgraph.app.ingest.EventBatch;
import io.launchgraph.app.ingest.EventBatch.Item;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import io.launchgraph.topology.WhatIf;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /what-if} (and of {@code launchgraph what-if --file}): hypothetical
 * events in the JSON form of {@code POST /events}, whose {@code eventId}, {@code occurredAt} and
 * {@code source} may be left out, and the shorthands {@code {"slip": {"milestoneId", "days"}}},
 * {@code {"done": "m"}} and {@code {"remove": {"dependentId", "dependencyId"}}}. One object, an
 * array, or JSON Lines, as for events.
 */
public final class Hypotheses {
    /** Most hypotheses in one what-if. */
    public static final int MAX = 1000;
    private static final Set<String> SHORTHANDS = Set.of("slip", "done", "remove");

    private Hypotheses() {}

    /** Reads a body; every event is checked by the rules of {@code POST /events}. */
    public static EventBatch.Items<WhatIf.Hypothesis> parse(byte[] body, boolean jsonLines, Instant now) {
        return EventBatch.items(body, jsonLines, MAX, "hypotheses", (index, node) -> read(index, node, now));
    }

    static Item<WhatIf.Hypothesis> read(int index, JsonNode node, Instant now) {
        if (!node.isObject()) {
            return refused(EventJson.UNDECODABLE, "a hypothesis is a JSON object (an event, or {\"slip\": ...}, {\"done\": ...}, "
                    + "{\"remove\": ...}), not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String shorthand = null;
        for (String name : SHORTHANDS) {
            if (node.has(name)) {
                shorthand = name;
            }
        }
        if (shorthand == null) {
            return event(index, (ObjectNode) node.deepCopy(), now);
        }
        if (node.size() != 1) {
            return refused(EventJson.UNKNOWN_FIELD, "a \"" + shorthand + "\" shorthand is an object with that one field, not "
                    + fieldNames(node));
        }
        JsonNode v = node.get(shorthand);
        return switch (shorthand) {
            case "done" -> v.isTextual()
                    ? checkedIds(new WhatIf.Done(v.textValue()), "done", v.textValue())
                    : refused(EventJson.BAD_TYPE, "\"done\" takes a milestone id, as in {\"done\": \"m-storage-migration\"}");
            case "slip" -> slip(v);
            default -> remove(v);
        };
    }

    private static Item<WhatIf.Hypothesis> slip(JsonNode v) {
        String usage = "as in {\"slip\": {\"milestoneId\": \"m-storage-migration\", \"days\": 14}}";
        if (!v.isObject() || !v.path("milestoneId").isTextual()) {
            return refused(EventRules.MISSING_FIELD, "\"slip\" needs a milestoneId, " + usage);
        }
        if (!v.path("days").isIntegralNumber() || !v.get("days").canConvertToInt()) {
            return refused(EventJson.BAD_TYPE, "\"slip\" needs days, a whole number (negative: earlier), " + usage);
        }
        if (v.size() != 2) {
            return refused(EventJson.UNKNOWN_FIELD, "\"slip\" has only milestoneId and days, " + usage);
        }
        String id = v.get("milestoneId").textValue();
        return checkedIds(new WhatIf.Slip(id, v.get("days").intValue()), "slip.milestoneId", id);
    }

    private static Item<WhatIf.Hypothesis> remove(JsonNode v) {
        String usage = "as in {\"remove\": {\"dependentId\": \"launch-x\", \"dependencyId\": \"m-y\"}}";
        if (!v.isObject() || !v.path("dependentId").isTextual() || !v.path("dependencyId").isTextual()) {
            return refused(EventRules.MISSING_FIELD, "\"remove\" needs a dependentId and a dependencyId, " + usage);
        }
        if (v.size() != 2) {
            return refused(EventJson.UNKNOWN_FIELD, "\"remove\" has only dependentId and dependencyId, " + usage);
        }
        String a = v.get("dependentId").textValue();
        String b = v.get("dependencyId").textValue();
        return checkedIds(new WhatIf.Remove(a, b), "remove.dependentId", a, "remove.dependencyId", b);
    }

    /** An event, with what may be left out filled in; then every rule of POST /events. */
    private static Item<WhatIf.Hypothesis> event(int index, ObjectNode node, Instant now) {
        if (!node.has("eventId")) {
            node.put("eventId", WhatIf.SOURCE + "-" + index);
        }
        if (!node.has("occurredAt")) {
            node.put("occurredAt", now.toString());
        }
        if (!node.has("source")) {
            node.put("source", WhatIf.SOURCE);
        }
        EventJson.Parsed parsed = EventJson.parse(node);
        if (parsed instanceof EventJson.Accepted a) {
            return Item.of(new WhatIf.Event(a.event()));
        }
        return Item.refused(((EventJson.Refused) parsed).rejection());
    }

    /** The hypothesis, unless one of its ids (given as field, value, field, value...) breaks the id rules. */
    private static Item<WhatIf.Hypothesis> checkedIds(WhatIf.Hypothesis h, String... fieldsAndIds) {
        for (int i = 0; i < fieldsAndIds.length; i += 2) {
            Rejection problem = EventRules.idProblem(fieldsAndIds[i], fieldsAndIds[i + 1]);
            if (problem != null) {
                return Item.refused(problem);
            }
        }
        return Item.of(h);
    }

    private static Item<WhatIf.Hypothesis> refused(String code, String message) {
        return Item.refused(new Rejection(code, message));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
