package io.launchgraph.app.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.avro.DependencyStrength;
import java.time.Instant;

/**
 * Jira's REST search result ({@code GET /rest/api/3/search/jql}, {@code {"issues": [...]}}, or a
 * plain array of issues). A link on issue X with {@code inwardIssue: Y} reads "X is blocked by Y"
 * (type Blocks): edge X -> Y; with {@code outwardIssue: Y}, "X blocks Y": edge Y -> X. Jira shows
 * a link on both of its issues, so an issue that carries {@code issuelinks} lists every edge in
 * and out of it.
 */
final class JiraJson {
    private JiraJson() {}

    static void read(JsonNode root, Mapping mapping, Dates dates, DesiredBuilder into) {
        JsonNode issues = root.isArray() ? root : root.path("issues");
        if (!issues.isArray()) {
            into.problem(Problem.whole("a Jira export in JSON is a search result {\"issues\": [...]} (GET /rest/api/3/search/jql) "
                    + "or an array of issues"));
            return;
        }
        String dueField = mapping.dueDate() == null ? "duedate" : mapping.dueDate();
        for (int i = 0; i < issues.size(); i++) {
            JsonNode issue = issues.get(i);
            String key = Json.text(issue.path("key"));
            Problem.Position at = Problem.Position.index(i, key);
            JsonNode fields = issue.path("fields");
            if (key == null || !fields.isObject()) {
                into.problem(at.problem(key == null ? "the issue has no key" : "the issue has no fields"));
                continue;
            }
            TrackerIssue t = new TrackerIssue(
                    key,
                    Json.text(fields.path("summary")),
                    Json.text(fields.path("issuetype").path("name")),
                    Json.text(fields.path("status").path("name")),
                    Json.value(fields.path("status").path("statusCategory")),
                    project(fields, key),
                    Json.names(fields.path("components")),
                    Json.names(fields.path("labels")),
                    f -> Json.value(fields.path(f)),
                    Json.value(fields.path(dueField)),
                    Json.text(fields.path("updated")));
            Desired.Milestone m = t.toMilestone(mapping, dates, at, into);
            links(key, fields.get("issuelinks"), m == null ? null : m.updatedAt(), mapping, at, into);
        }
    }

    private static void links(String key, JsonNode links, Instant updated, Mapping mapping, Problem.Position at, DesiredBuilder into) {
        if (links == null || !links.isArray()) {
            // Asked without the issuelinks field: this export says nothing about links.
            return;
        }
        into.coversOut(key);
        into.coversIn(key);
        for (JsonNode link : links) {
            String type = Json.text(link.path("type").path("name"));
            DependencyStrength strength = TrackerIssue.strength(mapping, type);
            if (strength == null) {
                into.skippedLinkType(String.valueOf(type));
                continue;
            }
            String inward = Json.text(link.path("inwardIssue").path("key"));
            String outward = Json.text(link.path("outwardIssue").path("key"));
            if (inward != null) {
                into.link(at, key, inward, strength, updated);
            }
            if (outward != null) {
                into.link(at, outward, key, strength, updated);
            }
        }
    }

    /** The project key, or the key's prefix when the export left the project field out. */
    private static String project(JsonNode fields, String key) {
        String project = Json.text(fields.path("project").path("key"));
        int dash = key.lastIndexOf('-');
        return project != null ? project : dash > 0 ? key.substring(0, dash) : null;
    }
}
