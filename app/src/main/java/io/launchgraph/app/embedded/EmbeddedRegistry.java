package io.launchgraph.app.embedded;

import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.registry.RestSchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry: Apicurio Registry (from Maven Central) as a child process, serving the
 * Confluent Schema Registry API on 127.0.0.1, with BACKWARD compatibility enforced. Its storage
 * is in memory: it lives as long as the process.
 */
public final class EmbeddedRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistry.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private final Process process;
    private final String url;
    private final Path log;
    private final Thread shutdownHook;

    private EmbeddedRegistry(Process process, String url, Path log, Thread shutdownHook) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts the registry from an unpacked {@code apicurio-registry-app} distribution
     * ({@code distribution} holds its {@code *-runner.jar}); logs and work files go to
     * {@code workDir}.
     */
    public static EmbeddedRegistry start(Path distribution, Path workDir) {
        long started = System.nanoTime();
        Path runner = runnerJar(distribution);
        int port = FreePort.pick();
        int managementPort = FreePort.pick();
        Path log = workDir.resolve("registry.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // It holds a few schemas: 26 MB of live heap after a million events went through the
                // demo. With 384 MB allowed it kept 300 MB resident, a third of the demo's budget.
                "-Xmx96m",
                "-XX:+UseSerialGC",
                // It answers a few lookups per client and run: C2's compiles would cost more than they save.
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dregistry.rules.global.compatibility=BACKWARD",
                "-jar",
                runner.toString());
        Process process;
        try {
            Files.createDirectories(workDir);
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry " + runner, e);
        }
        // Should this JVM end without close() (Ctrl-C, a crashed test run), the child goes too.
        Thread hook = new Thread(process::destroy, "stop-embedded-registry");
        Runtime.getRuntime().addShutdownHook(hook);
        String url = "http://127.0.0.1:" + port + CCOMPAT_PATH;
        EmbeddedRegistry registry = new EmbeddedRegistry(process, url, log, hook);
        try {
            registry.awaitReady();
            // Apicurio 2.6 enforces the -D rule, yet answers NONE to GET /config until told by PUT.
            new RestSchemaRegistryClient(RegistryClientConfig.of(url)).setCompatibility("BACKWARD");
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info("Schema registry (Apicurio, Confluent API) ready at {} in {} ms, log in {}",
                url, (System.nanoTime() - started) / 1_000_000, log);
        return registry;
    }

    private static Path runnerJar(Path distribution) {
        try (Stream<Path> files = Files.list(distribution)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + distribution
                            + "; it is unpacked by the build (mvn -pl app -am package)"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the registry distribution " + distribution
                    + "; it is unpacked by the build (mvn -pl app -am package)", e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the schema registry exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
            process.onExit().completeOnTimeout(null, 200, java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
        throw new IllegalStateException("the schema registry did not answer within " + START_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** The base URL of the Confluent-compatible API, e.g. http://127.0.0.1:41234/apis/ccompat/v7. */
    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the same
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        boolean stopped = process.onExit().completeOnTimeout(null, 15, java.util.concurrent.TimeUnit.SECONDS).join() != null;
        if (!stopped) {
            process.destroyForcibly();
        }
        LOG.info("Schema registry at {} stopped", url);
    }
}
