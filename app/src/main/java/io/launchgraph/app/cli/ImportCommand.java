package io.launchgraph.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.launchgraph.app.config.Keys;
import io.launchgraph.app.config.Settings;
import io.launchgraph.app.importer.CurrentGraph;
import io.launchgraph.app.importer.ImportFormat;
import io.launchgraph.app.importer.ImportSummary;
import io.launchgraph.app.importer.Importer;
import io.launchgraph.app.importer.Problem;
import io.launchgraph.app.ingest.EventPublisher;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.app.whatif.WhatIfReplica;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
            "Import milestones and their dependencies from a tracker's export.",
            "FORMAT: jira (the REST search result JSON, or the CSV export), github (issues JSON with their",
            "blocked_by and sub_issues lists), linear (the CSV export), csv (launchgraph's own template).",
            "Ids are the trackers' keys (ADS-12, acme/web#34, ENG-56), so imports from several trackers meet",
            "in one graph. Only what differs from the current graph becomes events: the same export again",
            "changes nothing, a later one moves only what changed. If any row is refused, nothing is imported",
            "and every refused row is listed with its line and reason.",
            "Through launchgraph's HTTP API (default), or straight to Kafka with --kafka, which first reads the",
            "current graph from the service's changelogs (give the service's --application-id).",
            "--dry-run prints the events as JSON Lines (what POST /events takes), the summary on standard error.",
            "Exit code: 0 imported (or printed), 1 rows refused, 2 failure."})
final class ImportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "jira, github, linear or csv.")
    String format;

    @Parameters(index = "1", paramLabel = "FILE", description = "The export file.")
    Path file;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "launchgraph's HTTP API (default ${DEFAULT-VALUE}).")
    String url;

    @Mixin
    ServiceConnection connection;

    @Option(names = "--kafka", description = "Read the current graph from Kafka and publish there (needs --bootstrap-servers, --registry-url "
            + "and the service's --application-id, or the configuration).")
    boolean kafka;

    @Option(names = "--dry-run", description = "Print the events (JSON Lines) and the summary; publish nothing.")
    boolean dryRun;

    @Option(names = "--offline", description = "A dry run without any service: the export's events as if the graph were empty "
            + "(every milestone and edge new, nothing removed). Implies --dry-run.")
    boolean offline;

    @Option(names = "--mapping", paramLabel = "FILE", description = "Mapping file (JSON): link types, teams, launches, statuses, due date; "
            + "see README. Default: the tracker's defaults.")
    Path mapping;

    @Option(names = "--exported-at", paramLabel = "INSTANT", description = "When the export was taken, e.g. 2026-10-06T12:00:00Z: the time of "
            + "events for issues without an updated time, and of removals (default: the file's last-modified time).")
    String exportedAt;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the service (HTTP) or for the current graph (--kafka) (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String problem = check();
        if (problem != null) {
            err.println("launchgraph import: " + problem);
            return 2;
        }
        ImportFormat f = ImportFormat.of(format);
        Importer.Request request = new Importer.Request(f, Files.readAllBytes(file), mapping == null ? null : Files.readAllBytes(mapping),
                exportedAt == null ? Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS)
                        : OffsetDateTime.parse(exportedAt).toInstant().truncatedTo(ChronoUnit.MILLIS));
        if (offline) {
            return local(Importer.plan(request, CurrentGraph.EMPTY), null);
        }
        return kafka ? viaKafka(request) : viaHttp(request);
    }

    private String check() {
        try {
            ImportFormat.of(format);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (offline && kafka) {
            return "--offline uses no service; leave out --kafka";
        }
        if (!Files.isRegularFile(file)) {
            return "no such file: " + file;
        }
        if (mapping != null && !Files.isRegularFile(mapping)) {
            return "no such mapping file: " + mapping;
        }
        if (exportedAt != null) {
            try {
                OffsetDateTime.parse(exportedAt);
            } catch (DateTimeException e) {
                return "--exported-at must be an instant with an offset, e.g. 2026-10-06T12:00:00Z, not \"" + exportedAt + "\"";
            }
        }
        return timeoutSeconds < 1 ? "--timeout must be at least 1 second" : null;
    }

    private boolean dryRun() {
        return dryRun || offline;
    }

    // --- straight to Kafka: this process reads the current graph, plans, publishes ---

    private int viaKafka(Importer.Request request) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = config.load(Map.of());
        ConfiguredSerdeFactory serdes = LaunchGraphService.serdes(settings);
        Map<String, Object> clients = LaunchGraphService.kafkaClients(settings);
        String applicationId = settings.get(Keys.APPLICATION_ID);
        Importer.Outcome outcome;
        try (WhatIfReplica replica = new WhatIfReplica(clients, applicationId, serdes).start(); Admin admin = Admin.create(clients)) {
            if (!replica.awaitCurrent(admin, Duration.ofSeconds(timeoutSeconds))) {
                err.println("launchgraph import: could not read the current graph of application " + applicationId + " within "
                        + timeoutSeconds + " s; is --application-id the service's, and has it run?");
                return 2;
            }
            outcome = Importer.plan(request, CurrentGraph.of(replica.whatIf()));
        }
        if (dryRun() || !(outcome instanceof Importer.Planned planned) || planned.events().isEmpty()) {
            return local(outcome, null);
        }
        try (EventPublisher publisher = LaunchGraphService.eventPublisher(settings, "import")) {
            return local(outcome, publisher);
        }
    }

    /** Reports a plan made here; publishes it through {@code publisher} unless that is null (a dry run, or nothing to publish). */
    private int local(Importer.Outcome outcome, EventPublisher publisher) {
        PrintWriter out = spec.commandLine().getOut();
        if (outcome instanceof Importer.Refused r) {
            return refused(r.error(), r.problems());
        }
        Importer.Planned plan = (Importer.Planned) outcome;
        if (dryRun()) {
            plan.events().forEach(e -> out.println(EventJson.toJson(e).toString()));
            out.flush();
            return summary(plan.summary(), spec.commandLine().getErr());
        }
        if (publisher != null) {
            publisher.publish(plan.events());
        }
        out.printf("published %,d events%n", plan.events().size());
        return summary(plan.summary(), out);
    }

    private int refused(String error, List<Problem> problems) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("launchgraph import: " + error);
        problems.forEach(p -> err.println(p.describe()));
        err.flush();
        return 1;
    }

    private static int summary(ImportSummary summary, PrintWriter to) {
        to.println(summary.text());
        to.flush();
        return 0;
    }

    // --- through the service's HTTP API ---

    private int viaHttp(Importer.Request request) throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        HttpClient http = connection.client();
        URI target = URI.create(url.replaceAll("/+$", "") + "/import/" + request.format().id() + "?exportedAt="
                + URLEncoder.encode(request.exportedAt().toString(), StandardCharsets.UTF_8) + (dryRun() ? "&dryRun=true" : ""));
        HttpRequest.Builder builder = connection.authorize(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(Math.max(60, timeoutSeconds))));
        if (request.mapping() == null) {
            builder.header("Content-Type", looksLikeJson(request.export()) ? "application/json" : "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.export()));
        } else {
            String boundary = "launchgraph-" + UUID.randomUUID();
            builder.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, request)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            HttpResponse<String> response;
            try {
                response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                err.println("launchgraph import: cannot reach " + url + " (" + e.getMessage() + "); is launchgraph running?");
                return 2;
            }
            if (response.statusCode() == 503 && System.nanoTime() < deadline) {
                // Starting, or its what-if replica still reading the graph.
                TimeUnit.SECONDS.sleep(1);
                continue;
            }
            return answered(response);
        }
    }

    private int answered(HttpResponse<String> response) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> refused = connection.refusal(response.statusCode(), response.body());
        if (refused.isPresent()) {
            err.println("launchgraph import: " + refused.get());
            return 2;
        }
        JsonNode body = JSON.readTree(response.body());
        switch (response.statusCode()) {
            case 200 -> {
                body.path("events").forEach(e -> out.println(e.toString()));
                out.flush();
                return summary(JSON.treeToValue(body.path("summary"), ImportSummary.class), err);
            }
            case 202 -> {
                out.printf("published %,d events%n", body.path("published").asInt());
                return summary(JSON.treeToValue(body.path("summary"), ImportSummary.class), out);
            }
            default -> {
                if (response.statusCode() == 400 && body.has("problems")) {
                    return refused(body.path("error").asText(), List.of(JSON.treeToValue(body.path("problems"), Problem[].class)));
                }
                err.println("launchgraph import: " + url + " answered " + response.statusCode() + ": " + body.path("error").asText(response.body()));
                return 2;
            }
        }
    }

    private byte[] multipart(String boundary, Importer.Request request) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "file", file.getFileName().toString(), looksLikeJson(request.export()) ? "application/json" : "text/csv",
                request.export());
        part(body, boundary, "mapping", mapping.getFileName().toString(), "application/json", request.mapping());
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName, String type, byte[] content)
            throws IOException {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName.replaceAll("[\"\\r\\n]", "_") + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        body.write(head.getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static boolean looksLikeJson(byte[] export) {
        String start = new String(export, 0, Math.min(export.length, 64), StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }
}
