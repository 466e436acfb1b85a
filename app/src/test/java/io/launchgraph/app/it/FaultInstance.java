package io.launchgraph.app.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One launchgraph instance as users run it ({@code java -jar launchgraph.jar serve}), a child JVM
 * with its own HTTP port and state directory, both kept across kills and restarts.
 */
final class FaultInstance implements AutoCloseable {
    private static final Pattern PROCESS_ID = Pattern.compile("\"processId\"\\s*:\\s*\"([0-9a-f-]+)\"");

    private final FaultProcess process;
    private final int port;
    private final Path stateDir;
    private final String applicationId;

    FaultInstance(String name, Path dir, Map<String, String> settings) {
        this.port = FaultProcess.freePort();
        this.stateDir = dir.resolve(name + "-state");
        this.applicationId = settings.get("application.id");
        List<String> command = new ArrayList<>(List.of(FaultProcess.java(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", Path.of(System.getProperty("launchgraph.test.jar", "target/launchgraph.jar")).toAbsolutePath().toString(), "serve"));
        settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        command.addAll(List.of("--set", "http.port=" + port, "--set", "state.dir=" + stateDir));
        this.process = new FaultProcess(name, () -> command, dir.resolve(name + ".log"));
    }

    FaultInstance start() {
        process.start();
        return this;
    }

    /** Waits until the instance says it is ready (its answers current, see decision 19). */
    FaultInstance awaitReady(Duration timeout) {
        ApiClient api = api();
        await(process.name() + " ready").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .failFast(process.name() + " exited:\n" + process.logTail(40), () -> !process.alive())
                .ignoreExceptions()
                .until(() -> api.get("/health/ready").status() == 200);
        return this;
    }

    FaultProcess process() {
        return process;
    }

    String name() {
        return process.name();
    }

    ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    /**
     * The Kafka Streams process id this instance persisted in its state directory; its
     * transactional ids start with {@code <application.id>-<process id>-}.
     */
    Optional<String> streamsProcessId() {
        Path file = stateDir.resolve(applicationId).resolve("kafka-streams-process-metadata");
        try {
            Matcher m = PROCESS_ID.matcher(Files.readString(file));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
