package io.launchgraph.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.launchgraph.app.config.Keys;
import io.launchgraph.app.config.Settings;
import io.launchgraph.app.http.LiveFeed;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.app.whatif.WhatIfReplica;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.topology.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {
            "Follow the changes of launches' answers live, one line each.",
            "Newly blocked, unblocked, new root cause, forecast moved, closed: coloured on a terminal. From a running launchgraph (its HTTP stream; it",
            "reconnects and resumes where it was when the service restarts), or straight from the blocked-launches",
            "topic with --kafka. Ctrl-C stops.",
            "Exit code: 0 stopped (or --count reached), 1 bad options, 2 cannot follow."})
final class WatchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "launchgraph's HTTP API (default ${DEFAULT-VALUE}).")
    String url;

    @Mixin
    ServiceConnection connection;

    @Option(names = "--kafka", description = "Read blocked-launches straight from Kafka (needs --bootstrap-servers, --registry-url and "
            + "the service's --application-id, or the configuration).")
    boolean kafka;

    @Option(names = "--from-beginning", description = "With --kafka: every change on the topic first, then live (default: from now).")
    boolean fromBeginning;

    @Option(names = "--team", paramLabel = "TEAM", description = "Only launches this team owns.")
    String team;

    @Option(names = "--label", paramLabel = "KEY:VALUE", description = "Only launches with this label (repeatable), e.g. market:DE.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--launch", paramLabel = "ID", description = "Only this launch (repeatable).")
    List<String> launches = new ArrayList<>();

    @Option(names = "--only", paramLabel = "blocked|late",
            description = "blocked: launches blocked before or after the change; late: launches LATE or NEVER before or after.")
    String only;

    @Option(names = "--color", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "Colour the lines (default ${DEFAULT-VALUE}: when writing to a terminal and NO_COLOR is not set).")
    String color;

    @Option(names = "--json", description = "One JSON object per change (JSON Lines), as the HTTP stream sends them.")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N changes.")
    Integer count;

    @Mixin
    ConfigOptions config;

    private int printed;
    private int connections;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String problem = check();
        if (problem != null) {
            err.println("launchgraph watch: " + problem);
            return 1;
        }
        return kafka ? fromKafka() : fromHttp();
    }

    private String check() {
        if (only != null && !only.equals("blocked") && !only.equals("late")) {
            return "--only must be blocked or late, not \"" + only + "\"";
        }
        if (!color.equals("auto") && !color.equals("always") && !color.equals("never")) {
            return "--color must be auto, always or never, not \"" + color + "\"";
        }
        for (String l : labels) {
            if (l.indexOf(':') <= 0) {
                return "--label must be key:value, e.g. market:DE, not \"" + l + "\"";
            }
        }
        if (fromBeginning && !kafka) {
            return "--from-beginning reads the topic, so it needs --kafka (the HTTP stream follows from now)";
        }
        if (count != null && count < 1) {
            return "--count must be at least 1";
        }
        return null;
    }

    private boolean colour() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        };
    }

    // --- over HTTP: server-sent events, resumed with Last-Event-ID after a lost connection ---

    private int fromHttp() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean colour = colour();
        HttpClient http = connection.client();
        String lastId = null;
        boolean lost = false;
        Duration backoff = Duration.ofMillis(250);
        while (true) {
            HttpRequest.Builder request = connection.authorize(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/changes/stream" + query()))
                    .header("Accept", "text/event-stream").GET());
            if (lastId != null) {
                request.header("Last-Event-ID", lastId);
            }
            try {
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    lost = false;
                    backoff = Duration.ofMillis(250);
                    lastId = follow(response.body(), lastId, out, err, colour);
                    if (done()) {
                        return 0;
                    }
                } else {
                    String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
                    Optional<String> refused = connection.refusal(response.statusCode(), body);
                    if (refused.isPresent()) {
                        err.println("launchgraph watch: " + refused.get());
                        return 2;
                    }
                    if (response.statusCode() != 503) {
                        err.println("launchgraph watch: " + url + " answered " + response.statusCode() + ": " + error(body));
                        return response.statusCode() == 400 ? 1 : 2;
                    }
                    if (!lost) {
                        err.println("launchgraph watch: " + error(body) + "; waiting");
                        err.flush();
                        lost = true;
                    }
                }
            } catch (IOException e) {
                if (lastId == null && !lost) {
                    err.println("launchgraph watch: cannot reach " + url + " (" + e.getMessage() + "); is launchgraph running? retrying");
                    err.flush();
                    lost = true;
                }
            }
            if (!lost) {
                err.println("launchgraph watch: lost the connection to " + url + "; reconnecting");
                err.flush();
                lost = true;
            }
            TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Reads one connection's events until it ends; the last event id seen. */
    private String follow(InputStream body, String lastId, PrintWriter out, PrintWriter err, boolean colour) throws IOException {
        String id = lastId;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            String eventId = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        if (eventId != null) {
                            id = eventId;
                        }
                        handle(event, JSON.readTree(data.toString()), out, err, colour);
                        if (done()) {
                            return id;
                        }
                    }
                    event = "message";
                    data.setLength(0);
                    eventId = null;
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    eventId = line.substring(3).trim();
                }
            }
        }
        return id;
    }

    private void handle(String event, JsonNode data, PrintWriter out, PrintWriter err, boolean colour) {
        switch (event) {
            case "change" -> print(data, out, colour);
            case "hello" -> {
                err.println(connections++ == 0
                        ? "launchgraph watch: following changes at " + url + " (Ctrl-C stops)"
                        : "launchgraph watch: reconnected to " + url + "; resuming where it was");
                err.flush();
            }
            case "reset" -> {
                err.println("launchgraph watch: " + data.path("reason").asText("changes were missed") + "; following from now");
                err.flush();
            }
            default -> { }
        }
    }

    private String query() {
        List<String> params = new ArrayList<>();
        if (team != null) {
            params.add("team=" + enc(team));
        }
        labels.forEach(l -> params.add("label=" + enc(l)));
        launches.forEach(l -> params.add("launch=" + enc(l)));
        if (only != null) {
            params.add("only=" + enc(only));
        }
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String error(String body) {
        try {
            return JSON.readTree(body).path("error").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    // --- straight from Kafka: the same feed the service runs, in this process ---

    private int fromKafka() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = config.load(Map.of());
        ConfiguredSerdeFactory serdes = LaunchGraphService.serdes(settings);
        Map<String, Object> clients = LaunchGraphService.kafkaClients(settings);
        String applicationId = settings.get(Keys.APPLICATION_ID);
        String topic = LaunchGraphService.topic(settings, Topics.BLOCKED_LAUNCHES);
        boolean colour = colour();
        BlockingQueue<LiveFeed.LiveChange> changes = new LinkedBlockingQueue<>();
        try (WhatIfReplica replica = new WhatIfReplica(clients, applicationId, serdes).start();
                LiveFeed feed = new LiveFeed(clients, applicationId + "-watch", topic, serdes.valueSerde(LaunchAnswer.class).deserializer(),
                        replica, fromBeginning ? Integer.MAX_VALUE : LiveFeed.KEPT, null).start()) {
            err.println("launchgraph watch: reading " + topic + " (application " + applicationId + ") from "
                    + settings.require(Keys.BOOTSTRAP_SERVERS) + "...");
            err.flush();
            while (!feed.awaitCaughtUp(Duration.ofSeconds(10))) {
                err.println("launchgraph watch: still " + feed.status() + " (application " + applicationId + "; is it the service's?)");
                err.flush();
            }
            err.println("launchgraph watch: following " + topic + (fromBeginning ? " from the beginning" : "") + " (Ctrl-C stops)");
            err.flush();
            feed.subscribe(fromBeginning ? LiveFeed.BEGINNING : null, filter(), new LiveFeed.Listener() {
                @Override
                public void changed(String position, LiveFeed.LiveChange change) {
                    changes.add(change);
                }

                @Override
                public void reset(String reason) {
                    err.println("launchgraph watch: " + reason);
                }
            });
            while (!done()) {
                LiveFeed.LiveChange c = changes.take();
                print(JSON.valueToTree(c), out, colour);
            }
            return 0;
        }
    }

    private LiveFeed.Filter filter() {
        Map<String, String> wanted = new HashMap<>();
        labels.forEach(l -> wanted.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 1)));
        return new LiveFeed.Filter(team, wanted, new HashSet<>(launches), only);
    }

    // --- the line a person reads ---

    private boolean done() {
        return count != null && printed >= count;
    }

    private void print(JsonNode change, PrintWriter out, boolean colour) {
        if (done()) {
            return;
        }
        printed++;
        if (json) {
            out.println(change.toString());
        } else {
            out.println(line(change, colour));
        }
        out.flush();
    }

    /** What a change says in one line: when, the kind, the launch, its team, the forecast now, the summary. */
    static String line(JsonNode c, boolean colour) {
        String kind = c.path("kinds").path(0).asText("changed");
        String at = c.path("at").isTextual() ? TIME.format(Instant.parse(c.path("at").asText())) : "";
        JsonNode answer = c.path("answer");
        String forecast = answer.isObject() ? QueryCommand.forecast(answer.path("forecast")) : "closed";
        String tag = String.format("%-13s", label(kind));
        if (colour) {
            tag = ansi(kind) + tag + "\u001b[0m";
        }
        return String.join("  ", at, tag, String.format("%-28s", c.path("launchId").asText()),
                String.format("%-20s", QueryCommand.text(c.path("teamId"))), String.format("%-18s", forecast), c.path("summary").asText());
    }

    private static String label(String kind) {
        return switch (kind) {
            case "newly-blocked" -> "NEWLY BLOCKED";
            case "unblocked" -> "UNBLOCKED";
            case "new-root-cause" -> "ROOT CAUSE";
            case "forecast-moved" -> "FORECAST";
            case "closed" -> "CLOSED";
            case "newly-open" -> "NEW";
            default -> "CHANGED";
        };
    }

    private static String ansi(String kind) {
        return switch (kind) {
            case "newly-blocked" -> "\u001b[1;31m";
            case "unblocked", "closed" -> "\u001b[32m";
            case "forecast-moved" -> "\u001b[33m";
            case "new-root-cause" -> "\u001b[35m";
            default -> "\u001b[36m";
        };
    }
}
