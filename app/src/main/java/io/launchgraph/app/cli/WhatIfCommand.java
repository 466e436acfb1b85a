package io.launchgraph.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code launchgraph what-if}: POST /what-if, and a line per launch that would change. */
@Command(name = "what-if", mixinStandardHelpOptions = true,
        description = {"What would change if a milestone slipped, were done, or lost a dependency: every launch whose answer would differ.",
            "Nothing is stored or published. Examples:",
            "  launchgraph what-if slip m-storage-migration 14d",
            "  launchgraph what-if done m-privacy-review-de",
            "  launchgraph what-if remove launch-search-ads-de m-privacy-review-de",
            "  launchgraph what-if --file hypotheses.jsonl   (events as for publish, or shorthands, one per line)"},
        subcommands = {WhatIfCommand.Slip.class, WhatIfCommand.Done.class, WhatIfCommand.Remove.class})
final class WhatIfCommand extends QueryCommand.Base {
    private static final Pattern DAYS = Pattern.compile("([+-]?\\d{1,6})([dw]?)");

    @Option(names = "--file", paramLabel = "FILE",
            description = "Hypotheses, one JSON object per line: events in the form of POST /events (eventId, occurredAt and source may be "
                    + "left out) or shorthands {\"slip\": {\"milestoneId\": \"m\", \"days\": 14}}, {\"done\": \"m\"}, "
                    + "{\"remove\": {\"dependentId\": \"a\", \"dependencyId\": \"b\"}}; - reads standard input.")
    Path file;

    @Override
    String path() {
        return "/what-if";
    }

    @Override
    String body() throws IOException {
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "say what to suppose: slip, done, remove, or --file (see --help)");
        }
        if (file.toString().equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "cannot read " + file);
        }
        return Files.readString(file);
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
        printOutcome(answer, out);
    }

    static void printOutcome(JsonNode answer, PrintWriter out) {
        Table table = new Table("LAUNCH", "TEAM", "FORECAST NOW", "FORECAST WOULD BE", "WHAT WOULD CHANGE").wholeLastColumn();
        for (JsonNode c : answer.path("changed")) {
            JsonNode side = c.path("after").isObject() ? c.path("after") : c.path("before");
            table.row(c.path("launchId").asText(), QueryCommand.text(side.path("teamId")),
                    QueryCommand.forecast(c.path("before").path("forecast")), QueryCommand.forecast(c.path("after").path("forecast")),
                    c.path("summary").asText());
        }
        if (!table.isEmpty()) {
            table.print(out);
        }
        out.printf("%d launches would change, %d would not%n", answer.path("changed").size(), answer.path("unchanged").asInt());
    }

    /** One shorthand, sent as one line. */
    abstract static class Shorthand extends QueryCommand.Base {
        abstract ObjectNode hypothesis();

        @Override
        String path() {
            return "/what-if";
        }

        @Override
        String body() throws IOException {
            return QueryCommand.JSON.writeValueAsString(hypothesis());
        }

        @Override
        void print(JsonNode answer, PrintWriter out) {
            printOutcome(answer, out);
        }
    }

    @Command(name = "slip", mixinStandardHelpOptions = true,
            description = "If a milestone's due date moved: by days (14d, 14), weeks (2w), or earlier (-7d).")
    static final class Slip extends Shorthand {
        @Parameters(index = "0", paramLabel = "MILESTONE_ID")
        String milestoneId;

        @Parameters(index = "1", paramLabel = "BY")
        String by;

        @Override
        ObjectNode hypothesis() {
            Matcher m = DAYS.matcher(by);
            if (!m.matches()) {
                throw new ParameterException(spec.commandLine(), "cannot read \"" + by + "\" as days: say 14d, 14, 2w or -7d");
            }
            int days = Integer.parseInt(m.group(1)) * (m.group(2).equals("w") ? 7 : 1);
            ObjectNode h = JsonNodeFactory.instance.objectNode();
            h.putObject("slip").put("milestoneId", milestoneId).put("days", days);
            return h;
        }
    }

    @Command(name = "done", mixinStandardHelpOptions = true, description = "If a milestone were DONE.")
    static final class Done extends Shorthand {
        @Parameters(paramLabel = "MILESTONE_ID")
        String milestoneId;

        @Override
        ObjectNode hypothesis() {
            return JsonNodeFactory.instance.objectNode().put("done", milestoneId);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "If a dependency were removed.")
    static final class Remove extends Shorthand {
        @Parameters(index = "0", paramLabel = "DEPENDENT_ID")
        String dependentId;

        @Parameters(index = "1", paramLabel = "DEPENDENCY_ID")
        String dependencyId;

        @Override
        ObjectNode hypothesis() {
            ObjectNode h = JsonNodeFactory.instance.objectNode();
            h.putObject("remove").put("dependentId", dependentId).put("dependencyId", dependencyId);
            return h;
        }
    }
}
