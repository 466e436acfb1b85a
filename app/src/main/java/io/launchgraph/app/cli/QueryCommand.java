package io.launchgraph.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Ask a running launchgraph (readable tables, or --json for scripts).",
        subcommands = {QueryCommand.Blocked.class, QueryCommand.Late.class, QueryCommand.Launch.class, QueryCommand.Team.class})
final class QueryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final ObjectMapper JSON = new ObjectMapper();

    /** What every query shares: where launchgraph is, the output form, the call. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "launchgraph's HTTP API (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--json", description = "Print the API's JSON instead of tables.")
        boolean json;

        @Mixin
        ServiceConnection connection;

        abstract String path();

        abstract void print(JsonNode answer, PrintWriter out);

        /** The answer is a document to print as it is (not JSON), unless --json asked for JSON. */
        boolean raw() {
            return false;
        }

        /** A body to POST (JSON Lines), or null for a GET. */
        String body() throws IOException {
            return null;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            HttpClient http = connection.client();
            String body = body();
            HttpRequest.Builder builder = connection.authorize(
                    HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path())).timeout(Duration.ofSeconds(30)));
            HttpRequest request = body == null
                    ? builder.GET().build()
                    : builder.header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response;
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    err.println("launchgraph: cannot reach " + url + " (" + e.getMessage() + "); is launchgraph running?");
                    return 2;
                }
                if (response.statusCode() == 503 && attempt < 20) {
                    TimeUnit.SECONDS.sleep(1);
                    continue;
                }
                Optional<String> refused = connection.refusal(response.statusCode(), response.body());
                if (refused.isPresent()) {
                    err.println("launchgraph: " + refused.get());
                    return 2;
                }
                if (response.statusCode() == 200 && !json && raw()) {
                    out.print(response.body());
                    out.flush();
                    return 0;
                }
                JsonNode answer = JSON.readTree(response.body());
                if (response.statusCode() != 200) {
                    err.println("launchgraph: " + answer.path("error").asText(response.body()));
                    for (JsonNode refusal : answer.path("refused")) {
                        String where = refusal.path("line").isInt() ? "line " + refusal.path("line").asInt() : "#" + refusal.path("index").asInt();
                        err.println("  " + where + ": " + refusal.path("code").asText() + ": " + refusal.path("message").asText());
                    }
                    return response.statusCode() == 404 || response.statusCode() == 400 ? 1 : 2;
                }
                if (json) {
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
                } else {
                    print(answer, out);
                }
                out.flush();
                return 0;
            }
        }
    }

    /** Which launches a list query asks for: one team's, or with labels. */
    abstract static class Filtered extends Base {
        /** The list's path, before its query string. */
        String resource() {
            return "/launches";
        }

        @Option(names = "--team", paramLabel = "TEAM", description = "Only launches this team owns.")
        String team;

        @Option(names = "--label", paramLabel = "KEY:VALUE", description = "Only launches with this label (repeatable), e.g. market:DE.")
        List<String> labels = new ArrayList<>();

        /** The list's own query string, without the team and label filters. */
        abstract String query();

        @Override
        String path() {
            StringBuilder p = new StringBuilder(resource()).append('?').append(query());
            if (team != null) {
                p.append("&team=").append(URLEncoder.encode(team, StandardCharsets.UTF_8));
            }
            labels.forEach(l -> p.append("&label=").append(URLEncoder.encode(l, StandardCharsets.UTF_8)));
            return p.toString();
        }
    }

    @Command(name = "blocked", mixinStandardHelpOptions = true, description = "Open launches that are blocked, and when they can ship.")
    static final class Blocked extends Filtered {
        @Override
        String query() {
            return "blocked=true";
        }

        @Override
        void print(JsonNode answer, PrintWriter out) {
            Table table = new Table("LAUNCH", "TEAM", "DUE", "FORECAST", "DIRECT BLOCKERS", "ROOT CAUSES (TEAMS)");
            for (JsonNode l : answer.path("launches")) {
                Set<String> rootTeams = new LinkedHashSet<>();
                l.path("rootBlockers").forEach(r -> rootTeams.add(r.path("teamId").isNull() ? "unknown" : r.path("teamId").asText()));
                table.row(l.path("launchId").asText(), text(l.path("teamId")), text(l.path("dueDate")), forecast(l.path("forecast")),
                        l.path("directBlockers").size(), l.path("rootBlockers").size() + " (" + String.join(", ", rootTeams) + ")");
            }
            table.print(out);
            out.printf("%d blocked launches%n", answer.path("total").asInt());
        }
    }

    @Command(name = "late", mixinStandardHelpOptions = true,
            description = "Open launches forecast to ship after their due date, most late first, and where each delay starts.")
    static final class Late extends Filtered {
        @Override
        String query() {
            return "forecast=LATE&sort=slip";
        }

        @Override
        void print(JsonNode answer, PrintWriter out) {
            Table table = new Table("LAUNCH", "TEAM", "DUE", "FORECAST", "DELAY STARTS AT");
            for (JsonNode l : answer.path("launches")) {
                JsonNode path = l.path("forecast").path("criticalPath");
                table.row(l.path("launchId").asText(), text(l.path("teamId")), text(l.path("dueDate")), forecast(l.path("forecast")),
                        path.isEmpty() ? "-" : path.get(path.size() - 1).asText());
            }
            table.print(out);
            out.printf("%d late launches%n", answer.path("total").asInt());
        }
    }

    @Command(name = "launch", mixinStandardHelpOptions = true,
            description = "One launch: why it is blocked, by whom, its schedule risk, and when it can ship (with the chain that decides it).")
    static final class Launch extends Base {
        @Parameters(paramLabel = "LAUNCH_ID")
        String id;

        @Option(names = "--as-of", paramLabel = "WHEN",
                description = "The answer as it was at an instant (2026-10-01T12:00:00Z) or some time ago (7d, 12h, 30m).")
        String asOf;

        @Option(names = "--graph", paramLabel = "FORMAT",
                description = "Print the launch's blocking subgraph instead: dot (Graphviz: pipe to dot -Tsvg), mermaid, graphml or json.")
        String graph;

        @Override
        String path() {
            String launch = "/launches/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
            if (graph != null) {
                return launch + "/graph?format=" + URLEncoder.encode(graph, StandardCharsets.UTF_8);
            }
            return launch + (asOf == null ? "" : "?asOf=" + URLEncoder.encode(asOf, StandardCharsets.UTF_8));
        }

        @Override
        boolean raw() {
            return graph != null;
        }

        @Override
        void print(JsonNode l, PrintWriter out) {
            out.printf("%s  %s%n", l.path("launchId").asText(), text(l.path("name")));
            out.printf("team %s, status %s, due %s: %s%n%n", text(l.path("teamId")), text(l.path("status")), text(l.path("dueDate")),
                    !l.path("open").asBoolean() ? "no longer open" : l.path("blocked").asBoolean() ? "BLOCKED" : "not blocked");
            Table direct = new Table("DIRECT BLOCKER", "TEAM", "REASON");
            l.path("directBlockers").forEach(b -> direct.row(b.path("milestoneId").asText(), text(b.path("teamId")), b.path("reason").asText()));
            section(out, "Direct blockers", direct);
            Table roots = new Table("ROOT CAUSE", "TEAM", "REASON", "CYCLE", "PATH");
            l.path("rootBlockers").forEach(r -> {
                List<String> path = new ArrayList<>();
                r.path("path").forEach(p -> path.add(p.asText()));
                roots.row(r.path("milestoneId").asText(), text(r.path("teamId")), r.path("reason").asText(),
                        r.path("cycle").asBoolean() ? "yes" : "", String.join(" > ", path));
            });
            section(out, "Root causes", roots);
            Table risk = new Table("DEPENDENT", "DEPENDENCY", "STRENGTH", "NEEDED BY", "DUE");
            l.path("risk").forEach(r -> risk.row(r.path("dependentId").asText(), r.path("dependencyId").asText(), r.path("strength").asText(),
                    r.path("neededBy").asText(), r.path("dueDate").isNull() ? "unscheduled" : r.path("dueDate").asText()));
            section(out, "Schedule risk", risk);
            printForecast(l.path("forecast"), out);
        }

        private static void printForecast(JsonNode f, PrintWriter out) {
            if (f.isMissingNode() || f.isNull()) {
                return;
            }
            List<String> path = new ArrayList<>();
            f.path("criticalPath").forEach(p -> path.add(p.asText()));
            String last = path.isEmpty() ? null : path.get(path.size() - 1);
            out.println("Forecast: " + switch (f.path("state").asText()) {
                case "ON_TIME" -> "on time, " + f.path("date").asText();
                case "LATE" -> "LATE, ships " + f.path("date").asText() + ", " + f.path("slipDays").asInt() + " days after its due date;"
                        + " the delay starts at " + last;
                case "UNSCHEDULED" -> "UNSCHEDULED: " + last + " has no due date";
                case "NEVER" -> "NEVER as planned: " + neverReason(f) + "; re-plan it or remove the dependency";
                default -> f.path("state").asText();
            });
            if (path.isEmpty()) {
                out.println();
                return;
            }
            out.println("Critical path (each waits on the next):");
            Table chain = new Table("MILESTONE", "TEAM", "DUE", "FORECAST");
            if (f.path("steps").isArray()) {
                f.path("steps").forEach(s -> chain.row(s.path("milestoneId").asText(), text(s.path("teamId")), text(s.path("dueDate")),
                        s.path("forecast").isNull() ? text(s.path("status")).toLowerCase(Locale.ROOT) : forecast(s.path("forecast"))));
            } else {
                path.forEach(p -> chain.row(p, "-", "-", "-"));
            }
            chain.print(out);
            out.println();
        }

        private static String neverReason(JsonNode f) {
            List<String> path = new ArrayList<>();
            f.path("criticalPath").forEach(p -> path.add(p.asText()));
            String last = path.get(path.size() - 1);
            return switch (f.path("neverBecause").asText()) {
                case "CYCLE" -> "it waits on a dependency cycle through " + last;
                case "CANCELLED" -> "it waits on " + last + ", which was cancelled";
                case "RETIRED" -> "it waits on " + last + ", which was retired";
                case "UNKNOWN" -> "it waits on " + last + ", which was never declared";
                default -> "it waits on " + last;
            };
        }
    }

    @Command(name = "team", mixinStandardHelpOptions = true, description = "The open launches a team blocks, most urgent first.")
    static final class Team extends Base {
        @Parameters(paramLabel = "TEAM_ID")
        String id;

        @Override
        String path() {
            return "/teams/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/blocking";
        }

        @Override
        void print(JsonNode t, PrintWriter out) {
            Table table = new Table("LAUNCH", "DUE", "STATUS", "THROUGH");
            t.path("launches").forEach(l -> {
                List<String> via = new ArrayList<>();
                l.path("milestoneIds").forEach(m -> via.add(m.asText()));
                table.row(l.path("launchId").asText(), text(l.path("dueDate")), text(l.path("status")), String.join(", ", via));
            });
            table.print(out);
            out.printf("%s blocks %d open launches%n", t.path("teamId").asText(), t.path("count").asInt());
        }
    }

    /** A forecast in one cell: {@code 2027-03-21 (+20d)}, {@code 2027-03-01 (on time)}, {@code unscheduled}, {@code never: cycle}. */
    static String forecast(JsonNode f) {
        if (f == null || f.isMissingNode() || f.isNull()) {
            return "-";
        }
        return switch (f.path("state").asText()) {
            case "LATE" -> f.path("date").asText() + " (+" + f.path("slipDays").asInt() + "d)";
            case "ON_TIME" -> f.path("date").asText() + " (on time)";
            case "UNSCHEDULED" -> "unscheduled";
            case "NEVER" -> f.path("neverBecause").isTextual() ? "never: " + f.path("neverBecause").asText().toLowerCase(Locale.ROOT) : "never";
            default -> f.path("state").asText();
        };
    }

    private static void section(PrintWriter out, String title, Table table) {
        out.println(title + ":");
        if (table.isEmpty()) {
            out.println("  none");
        } else {
            table.print(out);
        }
        out.println();
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }
}
