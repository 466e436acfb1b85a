package io.launchgraph.app.cli;

import io.launchgraph.app.config.Settings;
import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.ingest.EventPublisher;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.app.kafka.KafkaAccess;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {
            "Publish events from a JSON Lines file to launchgraph.",
            "One event per line, in their JSON form; through launchgraph's HTTP API (default), or straight",
            "to Kafka with --kafka. Each line is checked first; refused lines are reported with their number",
            "and reason, the others are published. With --demo, the demo organisation instead;",
            "--if-empty publishes only into an empty events topic (a stack that loads its data once).",
            "Exit code: 0 all published, 1 some lines refused, 2 failure."})
final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", description = "JSON Lines file, or - for standard input.")
    String input;

    @Option(names = "--demo", description = "Publish the demo organisation (the one `launchgraph demo` loads) instead of a file.")
    boolean demo;

    @Option(names = "--if-empty", description = "Publish only when the events topic holds no record yet, so that a stack loads its data once; needs --kafka.")
    boolean ifEmpty;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "launchgraph's HTTP API (default ${DEFAULT-VALUE}).")
    String url;

    @Mixin
    ServiceConnection connection;

    @Option(names = "--kafka", description = "Publish straight to Kafka (needs --bootstrap-servers and --registry-url, or the configuration).")
    boolean kafka;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Events per request or transaction (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--quiet", description = "No progress, only the summary.")
    boolean quiet;

    @Mixin
    ConfigOptions config;

    private static final int SHOWN_REFUSALS = 20;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String refusal = refusal();
        if (refusal != null) {
            err.println("launchgraph: " + refusal);
            return 2;
        }
        if (ifEmpty && !topicEmpty(err)) {
            return 0;
        }
        if (demo) {
            return publishDemo(err);
        }
        long size = input.equals("-") ? -1 : Files.size(Path.of(input));
        Sender sender = kafka ? kafkaSender() : httpSender();
        // A progress bar is for people: drawn only on a terminal, never into pipes or CI logs.
        Progress progress = new Progress(err, size, quiet || System.console() == null);
        int published = 0;
        int refused = 0;
        List<String> batch = new ArrayList<>();
        List<Integer> batchLines = new ArrayList<>();
        try (sender; InputStream in = input.equals("-") ? System.in : Files.newInputStream(Path.of(input));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                progress.read(line.length() + 1);
                if (line.isBlank()) {
                    continue;
                }
                EventJson.Parsed parsed = EventJson.parse(line);
                if (parsed instanceof EventJson.Refused r) {
                    refused++;
                    progress.clear();
                    if (refused <= SHOWN_REFUSALS) {
                        err.printf("line %d: %s: %s%n", number, r.rejection().code(), r.rejection().message());
                    }
                    continue;
                }
                batch.add(line.strip());
                batchLines.add(number);
                if (batch.size() == batchSize) {
                    published += sender.send(batch, batchLines, err);
                    batch.clear();
                    batchLines.clear();
                }
                progress.show(published, refused);
            }
            if (!batch.isEmpty()) {
                published += sender.send(batch, batchLines, err);
            }
        } catch (SendFailed e) {
            progress.clear();
            err.printf("launchgraph: %s; published %,d events before the failure%n", e.getMessage(), published + e.publishedBefore);
            return 2;
        }
        progress.clear();
        if (refused > SHOWN_REFUSALS) {
            err.printf("(%,d more refused lines not shown)%n", refused - SHOWN_REFUSALS);
        }
        spec.commandLine().getOut().printf("published %,d events; refused %,d lines%n", published, refused);
        spec.commandLine().getOut().flush();
        return refused == 0 ? 0 : 1;
    }

    /** Why the options cannot work together, or null when they can. */
    private String refusal() {
        if (batchSize < 1) {
            return "--batch-size must be at least 1";
        }
        if (ifEmpty && !kafka) {
            return "--if-empty looks at the events topic itself: add --kafka";
        }
        if (demo == (input != null)) {
            return "give a FILE (or - for standard input), or --demo";
        }
        return null;
    }

    /** Where batches go. */
    private interface Sender extends AutoCloseable {
        /** Publishes a batch of checked lines; returns how many were published. */
        int send(List<String> lines, List<Integer> numbers, PrintWriter err) throws SendFailed;

        @Override
        default void close() {
        }
    }

    private static final class SendFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final int publishedBefore;

        SendFailed(String message, int publishedBefore) {
            super(message);
            this.publishedBefore = publishedBefore;
        }
    }

    private Sender httpSender() {
        HttpClient http = connection.client();
        URI events = URI.create(url.replaceAll("/+$", "") + "/events");
        return (lines, numbers, err) -> {
            HttpRequest request = connection.authorize(HttpRequest.newBuilder(events))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                    .build();
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response;
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    throw new SendFailed("cannot reach " + events + " (" + e.getMessage() + "); is launchgraph running?", 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SendFailed("interrupted", 0);
                }
                if (response.statusCode() == 202) {
                    return lines.size();
                }
                if (response.statusCode() == 503 && attempt < 30) {
                    pause(Duration.ofSeconds(1));
                    continue;
                }
                Optional<String> refused = connection.refusal(response.statusCode(), response.body());
                if (refused.isPresent()) {
                    throw new SendFailed(refused.get(), 0);
                }
                throw new SendFailed("launchgraph answered " + response.statusCode() + " for lines " + numbers.get(0) + " to "
                        + numbers.get(numbers.size() - 1) + ": " + response.body(), 0);
            }
        };
    }

    private Sender kafkaSender() {
        Settings settings = config.load(Map.of());
        EventPublisher publisher = LaunchGraphService.eventPublisher(settings, "publish");
        return new Sender() {
            @Override
            public int send(List<String> lines, List<Integer> numbers, PrintWriter err) throws SendFailed {
                List<MilestoneEvent> events = new ArrayList<>(lines.size());
                for (String line : lines) {
                    events.add(((EventJson.Accepted) EventJson.parse(line)).event());
                }
                try {
                    publisher.publish(events);
                    return events.size();
                } catch (RuntimeException e) {
                    String why = KafkaAccess.explain(e, LaunchGraphService.kafkaClients(settings)).map(Throwable::getMessage).orElse(e.getMessage());
                    throw new SendFailed("Kafka did not take lines " + numbers.get(0) + " to " + numbers.get(numbers.size() - 1)
                            + ": " + why, 0);
                }
            }

            @Override
            public void close() {
                publisher.close();
            }
        };
    }

    /** Whether the events topic holds no record (committed or not: any record means someone loaded it). */
    private boolean topicEmpty(PrintWriter err) throws InterruptedException, ExecutionException {
        Settings settings = config.load(Map.of());
        String topic = LaunchGraphService.topic(settings, Topics.MILESTONE_EVENTS);
        try (Admin admin = Admin.create(LaunchGraphService.kafkaClients(settings))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            List<TopicPartitionInfo> partitions;
            try {
                partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new IllegalStateException("topic " + topic + " does not exist yet: start launchgraph first (it creates its topics)");
                }
                throw e;
            }
            for (TopicPartitionInfo p : partitions) {
                ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            long records = admin.listOffsets(ends).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
            if (records > 0) {
                err.printf("%s is not empty (end offsets add up to %,d): nothing published (--if-empty)%n", topic, records);
                err.flush();
                return false;
            }
            return true;
        }
    }

    private int publishDemo(PrintWriter err) throws Exception {
        List<MilestoneEvent> events = DemoOrganisation.events();
        List<String> lines = events.stream().map(e -> EventJson.toJson(e).toString()).toList();
        List<Integer> numbers = java.util.stream.IntStream.rangeClosed(1, lines.size()).boxed().toList();
        try (Sender sender = kafka ? kafkaSender() : httpSender()) {
            // The demo is one batch: all of it or none, as `launchgraph demo` loads it.
            sender.send(lines, numbers, err);
        } catch (SendFailed e) {
            err.printf("launchgraph: %s%n", e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().printf("published the demo organisation: %,d events%n", events.size());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void pause(Duration d) throws SendFailed {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailed("interrupted", 0);
        }
    }

    /** A progress line on standard error, redrawn at most four times a second. */
    private static final class Progress {
        private final PrintWriter err;
        private final long total;
        private final boolean quiet;
        private long read;
        private long lastDrawn;
        private boolean drawn;

        Progress(PrintWriter err, long total, boolean quiet) {
            this.err = err;
            this.total = total;
            this.quiet = quiet;
        }

        void read(long bytes) {
            read += bytes;
        }

        void show(int published, int refused) {
            long now = System.nanoTime();
            if (quiet || now - lastDrawn < 250_000_000L) {
                return;
            }
            lastDrawn = now;
            String percent = total > 0 ? String.format(Locale.ROOT, "%3d%% ", Math.min(100, read * 100 / total)) : "";
            int width = 30;
            String bar = total > 0 ? "[" + "#".repeat((int) (width * Math.min(read, total) / total))
                    + " ".repeat(width - (int) (width * Math.min(read, total) / total)) + "] " : "";
            err.printf(Locale.ROOT, "\r%s%s%,d published, %,d refused", bar, percent, published, refused);
            err.flush();
            drawn = true;
        }

        void clear() {
            if (drawn) {
                err.print("\r" + " ".repeat(80) + "\r");
                err.flush();
                drawn = false;
            }
        }
    }
}
