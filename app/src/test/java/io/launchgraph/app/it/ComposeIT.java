package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.demo.DemoOrganisation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker/compose.yaml itself, brought up with docker-compose (1.29, Debian's) or `docker compose`
 * (v2, where installed) on the local images through its variables, on the host's network through
 * docker/compose.host-network.yaml; the demo answered from the host by both instances.
 */
class ComposeIT {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeIT.class);

    @Test
    void shouldRunTheWholeStackFromTheComposeFileAndAnswerTheDemoFromTheHost() {
        // given
        LocalDocker.require();
        Path docker = Path.of(System.getProperty("launchgraph.test.docker.dir", "../docker"));
        int first = LocalDocker.freePort();
        int second = LocalDocker.freePort();
        // The file's demo tokens, replaced as its comment tells users to: the variable reaches both instances.
        String reader = "compose-read-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>(Map.of(
                "COMPOSE_PROJECT_NAME", "launchgraph-it-" + UUID.randomUUID().toString().substring(0, 8),
                "KAFKA_IMAGE", LocalDocker.KAFKA,
                "REGISTRY_IMAGE", LocalDocker.REGISTRY,
                "LAUNCHGRAPH_IMAGE", LocalDocker.LAUNCHGRAPH,
                "KAFKA_PORT", Integer.toString(LocalDocker.freePort()),
                "KAFKA_CONTROLLER_PORT", Integer.toString(LocalDocker.freePort()),
                "REGISTRY_PORT", Integer.toString(LocalDocker.freePort()),
                "REGISTRY_MANAGEMENT_PORT", Integer.toString(LocalDocker.freePort()),
                "LAUNCHGRAPH_1_PORT", Integer.toString(first),
                "LAUNCHGRAPH_2_PORT", Integer.toString(second)));
        env.put("LAUNCHGRAPH_HTTP_TOKENS", "read:" + reader + ",write:compose-write-" + UUID.randomUUID());
        List<String> compose = new ArrayList<>(composeCommand());
        compose.addAll(List.of("-f", docker.resolve("compose.yaml").toString(), "-f", docker.resolve("compose.host-network.yaml").toString()));
        try {
            // when
            long begin = System.nanoTime();
            Run up = run(compose, env, Duration.ofMinutes(4), "up", "-d");
            assertThat(up.exit()).as(up.output()).isZero();
            LOG.info("{} up -d returned after {} ms", compose.get(0), (System.nanoTime() - begin) / 1_000_000);

            // then: both instances answer the demo from the host, the same answers
            ApiClient one = new ApiClient("http://127.0.0.1:" + first).withToken(reader);
            ApiClient two = new ApiClient("http://127.0.0.1:" + second).withToken(reader);
            await("the demo loaded and answered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                RunningService.Response launch = two.get("/launches/" + DemoOrganisation.KNOWN_BLOCKED_LAUNCH);
                assertThat(launch.status()).as(launch.raw().body()).isEqualTo(200);
                assertThat(launch.body().path("blocked").asBoolean()).isTrue();
                assertThat(one.openAnswers()).isNotEmpty().isEqualTo(two.openAnswers());
            });
            LOG.info("The demo was answered {} ms after up -d began", (System.nanoTime() - begin) / 1_000_000);
            assertThat(one.get("/").raw().body()).contains("<title>launchgraph");
            assertThat(one.withToken(null).get("/launches").status()).as("without a token").isEqualTo(401);
            Run loader = run(compose, env, Duration.ofMinutes(1), "logs", "load-demo-host");
            assertThat(loader.output()).contains("published the demo organisation");

            // and when: the stack is brought up again, the demo is not loaded twice
            Run again = run(compose, env, Duration.ofMinutes(4), "up", "-d");
            assertThat(again.exit()).as(again.output()).isZero();
            await("the loader to run again").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(run(compose, env, Duration.ofMinutes(1), "logs", "load-demo-host").output()).contains("nothing published (--if-empty)"));
        } catch (AssertionError | RuntimeException e) {
            LOG.error("Stack logs:\n{}", run(compose, env, Duration.ofMinutes(1), "logs", "--tail", "40").output());
            throw e;
        } finally {
            Run down = run(compose, env, Duration.ofMinutes(2), "down", "--volumes", "--timeout", "10");
            assertThat(down.exit()).as(down.output()).isZero();
        }
    }

    private record Run(int exit, String output) {}

    /** `docker compose` where the v2 plugin is installed, else Debian's docker-compose 1.29. */
    private static List<String> composeCommand() {
        return run(List.of("docker", "compose"), Map.of(), Duration.ofSeconds(30), "version").exit() == 0
                ? List.of("docker", "compose")
                : List.of("docker-compose");
    }

    private static Run run(List<String> command, Map<String, String> env, Duration timeout, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(all).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process p = builder.start();
            // Read while it runs: a full pipe would stop the process.
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.append("(output unreadable: ").append(e.getMessage()).append(')');
                }
            });
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                reader.join(5_000);
                return new Run(-1, String.join(" ", all) + " did not finish within " + timeout + ":\n" + out);
            }
            reader.join(5_000);
            return new Run(p.exitValue(), out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", all), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
