package io.launchgraph.app.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.avro.DependencyStrength;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * GitHub issues as the REST API returns them ({@code GET /repos/{owner}/{repo}/issues}), each
 * optionally carrying {@code blocked_by}, the answer of
 * {@code GET /repos/{owner}/{repo}/issues/{n}/dependencies/blocked_by}, and {@code sub_issues},
 * the answer of {@code .../issues/{n}/sub_issues}: an array of issues, or
 * {@code {"repository": "owner/repo", "issues": [...]}}. Ids are {@code owner/repo#34}. The
 * status key is {@code open}, or {@code closed/<state_reason>} ({@code closed/completed},
 * {@code closed/not_planned}, {@code closed/duplicate}), or {@code closed} without a reason.
 */
final class GitHubIssues {
    private GitHubIssues() {}

    static void read(JsonNode root, Mapping mapping, Dates dates, DesiredBuilder into) {
        JsonNode issues = root.isArray() ? root : root.path("issues");
        if (!issues.isArray()) {
            into.problem(Problem.whole("a GitHub export is an array of issues, or {\"repository\": \"owner/repo\", \"issues\": [...]}"));
            return;
        }
        String wrapperRepo = root.isObject() ? Json.text(root.path("repository")) : null;
        int pullRequests = 0;
        for (int i = 0; i < issues.size(); i++) {
            JsonNode issue = issues.get(i);
            if (issue.has("pull_request")) {
                pullRequests++;
                continue;
            }
            String key = key(issue, wrapperRepo);
            Problem.Position at = Problem.Position.index(i, key);
            if (key == null) {
                into.problem(at.problem("cannot tell the issue's id: it needs a number and a repository_url or html_url (or wrap the "
                        + "issues in {\"repository\": \"owner/repo\", \"issues\": [...]})"));
                continue;
            }
            String repo = key.substring(0, key.indexOf('#'));
            String state = Json.text(issue.path("state"));
            String reason = Json.text(issue.path("state_reason"));
            String status = state == null ? null : state.equalsIgnoreCase("closed") && reason != null
                    ? "closed/" + reason.toLowerCase(Locale.ROOT) : state;
            TrackerIssue t = new TrackerIssue(key, Json.text(issue.path("title")), Json.value(issue.path("type")), status, null, repo,
                    List.of(), Json.names(issue.path("labels")), f -> null, Json.text(Json.path(issue, mapping.dueDate())),
                    Json.text(issue.path("updated_at")));
            Desired.Milestone m = t.toMilestone(mapping, dates, at, into);
            dependencies(issue, key, repo, m == null ? null : m.updatedAt(), mapping, at, into);
        }
        if (pullRequests > 0) {
            into.note(pullRequests + " pull request(s) in the export were not imported: only issues are milestones");
        }
    }

    private static void dependencies(JsonNode issue, String key, String repo, Instant updated, Mapping mapping, Problem.Position at,
            DesiredBuilder into) {
        JsonNode blockedBy = issue.get("blocked_by");
        JsonNode subIssues = issue.get("sub_issues");
        if (blockedBy != null && blockedBy.isArray()) {
            for (JsonNode other : blockedBy) {
                link(at, key, other, repo, DependencyStrength.HARD, updated, into);
            }
        }
        if (mapping.subIssues() != null && subIssues != null && subIssues.isArray()) {
            // The parent waits on its sub-issues.
            for (JsonNode other : subIssues) {
                link(at, key, other, repo, mapping.subIssues(), updated, into);
            }
        }
        // Only an issue whose lists are all there says which of its edges are gone.
        boolean blockersKnown = blockedBy != null && blockedBy.isArray()
                || issue.path("issue_dependencies_summary").path("total_blocked_by").asInt(-1) == 0;
        boolean subIssuesKnown = mapping.subIssues() == null || subIssues != null && subIssues.isArray()
                || issue.path("sub_issues_summary").path("total").asInt(-1) == 0;
        if (blockersKnown && subIssuesKnown) {
            into.coversOut(key);
        }
    }

    private static void link(Problem.Position at, String key, JsonNode other, String repo, DependencyStrength strength, Instant updated,
            DesiredBuilder into) {
        String otherKey = key(other, repo);
        if (otherKey == null) {
            into.problem(at.problem("an issue it lists as blocked_by or sub_issues has no number"));
        } else {
            into.link(at, key, otherKey, strength, updated);
        }
    }

    /** {@code owner/repo#n} from the issue's URLs, else in {@code fallbackRepo}; null without a number or a repository. */
    static String key(JsonNode issue, String fallbackRepo) {
        JsonNode number = issue.path("number");
        if (!number.canConvertToLong()) {
            return null;
        }
        String repo = repoOf(Json.text(issue.path("repository_url")), "/repos/");
        if (repo == null) {
            String html = Json.text(issue.path("html_url"));
            String path = html == null ? null : html.replaceFirst("^https?://[^/]+/", "");
            repo = path == null || path.split("/").length < 2 ? null : path.split("/")[0] + "/" + path.split("/")[1];
        }
        repo = repo == null ? fallbackRepo : repo;
        return repo == null ? null : repo + "#" + number.asLong();
    }

    /** "owner/repo" after {@code marker} in an API URL (github.com's or an Enterprise server's {@code /api/v3/repos/...}). */
    private static String repoOf(String url, String marker) {
        int at = url == null ? -1 : url.indexOf(marker);
        if (at < 0) {
            return null;
        }
        String[] parts = url.substring(at + marker.length()).split("/");
        return parts.length < 2 ? null : parts[0] + "/" + parts[1];
    }
}
