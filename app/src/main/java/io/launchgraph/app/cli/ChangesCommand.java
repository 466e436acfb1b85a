package io.launchgraph.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "changes", mixinStandardHelpOptions = true,
        description = "What changed since an instant: every launch whose answer then differs from its answer now, in a line each.")
final class ChangesCommand extends QueryCommand.Filtered {
    @Option(names = "--since", paramLabel = "WHEN", required = true,
            description = "An instant (2026-10-01T12:00:00Z) or some time ago (7d, 12h, 30m).")
    String since;

    @Override
    String resource() {
        return "/changes";
    }

    @Override
    String query() {
        return "since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
        Table table = new Table("LAUNCH", "TEAM", "WHAT CHANGED").wholeLastColumn();
        for (JsonNode c : answer.path("changed")) {
            JsonNode side = c.path("after").isObject() ? c.path("after") : c.path("before");
            table.row(c.path("launchId").asText(), QueryCommand.text(side.path("teamId")), c.path("summary").asText());
        }
        if (!table.isEmpty()) {
            table.print(out);
        }
        out.printf("%d launches changed since %s, %d did not%n", answer.path("changed").size(), since, answer.path("unchanged").asInt());
    }
}
