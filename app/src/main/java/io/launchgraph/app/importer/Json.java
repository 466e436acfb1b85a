package io.launchgraph.app.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading values out of trackers' JSON, where a field may be missing, null, a string, or an object with a name. */
final class Json {
    private Json() {}

    /** The text of a string or number node; null for missing, null and blank. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String t = node.asText();
        return t.isBlank() ? null : t.strip();
    }

    /**
     * A field's value as text whatever its shape: a string, a number, an option object
     * ({@code value}, {@code name}, {@code key} or {@code displayName}), or the first of a list.
     */
    static String value(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            return node.isEmpty() ? null : value(node.get(0));
        }
        if (node.isObject()) {
            for (String f : List.of("value", "name", "key", "displayName")) {
                String t = text(node.get(f));
                if (t != null) {
                    return t;
                }
            }
            return null;
        }
        return text(node);
    }

    /** The names of a list of strings or of objects with a {@code name} (labels, components). */
    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> {
                String t = n.isObject() ? text(n.get("name")) : text(n);
                if (t != null) {
                    names.add(t);
                }
            });
        }
        return names;
    }

    /** The node at a dotted path ({@code milestone.due_on}). */
    static JsonNode path(JsonNode node, String dotted) {
        JsonNode at = node;
        for (String part : dotted.split("\\.")) {
            at = at.path(part);
        }
        return at;
    }
}
