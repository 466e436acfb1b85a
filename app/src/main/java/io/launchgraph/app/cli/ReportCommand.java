package io.launchgraph.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The weekly status report: headline counts then and now, newly blocked and unblocked launches, forecasts that "
                + "slipped or recovered, the teams that block or delay the most, cycles that need a decision, and risks.",
            "Markdown pastes into a doc or a chat message; HTML prints well:",
            "  launchgraph report --since 7d > status.md",
            "  launchgraph report --since 2026-11-23T00:00:00Z --format html > status.html"})
final class ReportCommand extends QueryCommand.Filtered {
    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "7d",
            description = "Compare with this instant (2026-11-23T00:00:00Z) or this long ago (7d, 12h, 30m); default ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md", description = "md (Markdown) or html; default ${DEFAULT-VALUE}.")
    String format;

    @Override
    String resource() {
        return "/report";
    }

    @Override
    String query() {
        return "since=" + URLEncoder.encode(since, StandardCharsets.UTF_8) + "&format=" + URLEncoder.encode(json ? "json" : format, StandardCharsets.UTF_8);
    }

    @Override
    boolean raw() {
        return true;
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
        // Only --json reaches here; Base prints it.
    }
}
