package io.launchgraph.app.it;

import static org.awaitility.Awaitility.await;

import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.registry.RestSchemaRegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The schema registry (Apicurio, Confluent API) as a child process the fault suite can kill and
 * start again on the same port. Its storage is an H2 file, as a production registry's is durable:
 * after a restart it serves the same schema ids (the in-memory registry of the other tests would
 * forget them).
 */
final class FaultRegistry implements AutoCloseable {
    private final FaultProcess process;
    private final String url;

    FaultRegistry(Path dir) {
        Path distribution = Path.of(System.getProperty("launchgraph.registry.home", "target/apicurio-registry"));
        Path runner = runner(distribution);
        int port = FaultProcess.freePort();
        int management = FaultProcess.freePort();
        Path db = dir.resolve("registry-db").toAbsolutePath();
        this.url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        this.process = new FaultProcess("registry", () -> List.of(FaultProcess.java(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + management,
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + db,
                "-Dregistry.rules.global.compatibility=BACKWARD",
                "-jar", runner.toString()), dir.resolve("registry.log"));
    }

    FaultRegistry start() {
        process.start();
        awaitReady();
        new RestSchemaRegistryClient(RegistryClientConfig.of(url)).setCompatibility("BACKWARD");
        return this;
    }

    void kill() {
        process.kill();
    }

    /** Starts the killed registry again on its port and storage, and waits until it answers. */
    void restart() {
        process.start();
        awaitReady();
    }

    String url() {
        return url;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(5)).GET().build();
        await("the registry at " + url).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .failFast("the registry exited:\n" + process.logTail(30), () -> !process.alive())
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static Path runner(Path distribution) {
        try (Stream<Path> files = Files.list(distribution)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + distribution));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + distribution, e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
