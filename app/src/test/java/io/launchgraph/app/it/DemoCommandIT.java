package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.launchgraph.app.demo.DemoOrganisation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, exactly as a user types it ({@code java -jar app/target/launchgraph.jar
 * demo}), as a separate process: it comes up with the demo loaded, answers over HTTP, and a stop
 * signal takes everything down, the registry's process and the temporary files included.
 */
class DemoCommandIT {
    private static final Pattern READY = Pattern.compile("launchgraph is ready after (\\d+) ms: HTTP API at (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process demo;
    private Thread reader;

    @AfterEach
    void stopWhateverIsLeft() {
        if (demo != null && demo.isAlive()) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    @Test
    void shouldStartTheDemoAnswerForAKnownBlockedLaunchAndStopCleanly(@TempDir Path tmp) throws Exception {
        // given the built jar, started as the README says, with its temporary files where we can see them
        Path jar = Path.of(System.getProperty("launchgraph.test.jar", "target/launchgraph.jar"));
        assertThat(jar).as("the packaged jar (mvn package builds it)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        demo = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "demo", "--http-port", "0")
                .redirectErrorStream(true)
                .start();
        collectOutput(demo);

        // when it says it is ready
        await("the ready line").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .failFast("the demo exited", () -> !demo.isAlive())
                .until(() -> ready().isPresent());
        Matcher ready = ready().orElseThrow();
        String url = ready.group(2);
        List<ProcessHandle> children = demo.descendants().toList();

        // then the known blocked launch is blocked, with the blockers that make it so
        JsonNode launch = get(url + "/launches/" + DemoOrganisation.KNOWN_BLOCKED_LAUNCH);
        assertThat(launch.path("launchId").asText()).isEqualTo(DemoOrganisation.KNOWN_BLOCKED_LAUNCH);
        assertThat(launch.path("blocked").asBoolean()).as("blocked: %s", launch).isTrue();
        assertThat(launch.path("rootBlockers")).isNotEmpty();
        assertThat(get(url + "/health").path("status").asText()).isEqualTo("UP");
        assertThat(children).as("the registry runs as a child process").isNotEmpty();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("launchgraph-demo-"));
        }

        // and: its history shows a real week: the report since 7 days ago, as of two weeks ago, a what-if
        JsonNode report = get(url + "/report?since=7d&format=json");
        assertThat(report.path("unblocked")).extracting(l -> l.path("launchId").asText()).contains(DemoOrganisation.UNBLOCKED_LAST_WEEK);
        assertThat(report.path("slipped")).isNotEmpty()
                .anyMatch(m -> m.path("delayAt").asText().equals(DemoOrganisation.SLIPPED_ON_TUESDAY) && m.path("days").asInt() == 12);
        assertThat(report.path("cycles")).anyMatch(c -> c.path("isNew").asBoolean()
                && c.path("milestones").toString().contains("m-display-ads-serving"));
        assertThat(get(url + "/launches/" + DemoOrganisation.UNBLOCKED_LAST_WEEK + "?asOf=14d").path("blocked").asBoolean()).isTrue();
        assertThat(get(url + "/launches/" + DemoOrganisation.UNBLOCKED_LAST_WEEK).path("blocked").asBoolean()).isFalse();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(io.launchgraph.app.cli.Cli.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                "what-if", "slip", DemoOrganisation.SLIPPED_ON_TUESDAY, "14d", "--url", url)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("forecast +14 days (" + DemoOrganisation.SLIPPED_ON_TUESDAY + ", team-serving-infra)");

        // when it is asked to stop (SIGTERM; Ctrl-C takes the same path through the shutdown hook)
        // (through the handle: Process.destroy also closes our end of its output, losing the last lines)
        demo.toHandle().destroy();

        // then it stops within a minute, leaving no process and none of its files behind
        assertThat(demo.waitFor(1, TimeUnit.MINUTES)).as("stopped; output:%n%s", String.join("\n", output)).isTrue();
        reader.join(Duration.ofSeconds(10).toMillis());
        await("the registry process to end").atMost(Duration.ofSeconds(30))
                .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("launchgraph-demo-"));
        }
        assertThat(output).anyMatch(l -> l.contains("launchgraph stopped"));
        assertThat(output).noneMatch(l -> l.contains("Exception in thread"));
    }

    private Optional<Matcher> ready() {
        return output.stream().map(READY::matcher).filter(Matcher::find).findFirst();
    }

    private void collectOutput(Process process) {
        reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException e) {
                output.add("(reading the output failed: " + e + ")");
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
