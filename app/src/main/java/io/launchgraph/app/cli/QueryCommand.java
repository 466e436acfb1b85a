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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Ask a running launchgraph (readable tables, or --json for scripts).",
        subcommands = {QueryCommand.Blocked.class, QueryCommand.Launch.class, QueryCommand.Team.class})
final class QueryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What every query shares: where launchgraph is, the output form, the call. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "launchgraph's HTTP API (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--json", description = "Print the API's JSON instead of tables.")
        boolean json;

        abstract String path();

        abstract void print(JsonNode answer, PrintWriter out);

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path())).timeout(Duration.ofSeconds(30)).GET().build();
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
                JsonNode body = JSON.readTree(response.body());
                if (response.statusCode() != 200) {
                    err.println("launchgraph: " + body.path("error").asText(response.body()));
                    return response.statusCode() == 404 ? 1 : 2;
                }
                if (json) {
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
                } else {
                    print(body, out);
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "blocked", mixinStandardHelpOptions = true, description = "Open launches that are blocked.")
    static final class Blocked extends Base {
        @Option(names = "--team", paramLabel = "TEAM", description = "Only launches this team owns.")
        String team;

        @Option(names = "--label", paramLabel = "KEY:VALUE", description = "Only launches with this label (repeatable), e.g. market:DE.")
        List<String> labels = new ArrayList<>();

        @Override
        String path() {
            StringBuilder p = new StringBuilder("/launches?blocked=true");
            if (team != null) {
                p.append("&team=").append(URLEncoder.encode(team, StandardCharsets.UTF_8));
            }
            labels.forEach(l -> p.append("&label=").append(URLEncoder.encode(l, StandardCharsets.UTF_8)));
            return p.toString();
        }

        @Override
        void print(JsonNode answer, PrintWriter out) {
            Table table = new Table("LAUNCH", "TEAM", "DUE", "DIRECT BLOCKERS", "ROOT CAUSES (TEAMS)");
            for (JsonNode l : answer.path("launches")) {
                Set<String> rootTeams = new LinkedHashSet<>();
                l.path("rootBlockers").forEach(r -> rootTeams.add(r.path("teamId").isNull() ? "unknown" : r.path("teamId").asText()));
                table.row(l.path("launchId").asText(), text(l.path("teamId")), text(l.path("dueDate")),
                        l.path("directBlockers").size(), l.path("rootBlockers").size() + " (" + String.join(", ", rootTeams) + ")");
            }
            table.print(out);
            out.printf("%d blocked launches%n", answer.path("total").asInt());
        }
    }

    @Command(name = "launch", mixinStandardHelpOptions = true, description = "One launch: why it is blocked, by whom, and its schedule risk.")
    static final class Launch extends Base {
        @Parameters(paramLabel = "LAUNCH_ID")
        String id;

        @Override
        String path() {
            return "/launches/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
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

    private static void section(PrintWriter out, String title, Table table) {
        out.println(title + ":");
        if (table.isEmpty()) {
            out.println("  none");
        } else {
            table.print(out);
        }
        out.println();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }
}
