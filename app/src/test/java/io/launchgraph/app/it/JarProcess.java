package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged jar run as users run it ({@code java -jar launchgraph.jar ...}), its output and error lines collected. */
final class JarProcess implements AutoCloseable {
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final Process process;

    JarProcess(String... args) throws IOException {
        this(java.util.Map.of(), args);
    }

    /** The jar with {@code env} added to this process's environment. */
    JarProcess(java.util.Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("launchgraph.test.jar", "target/launchgraph.jar"));
        assertThat(jar).as("the packaged jar (mvn package builds it)").exists();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        process = builder.start();
        collect(process.getInputStream(), out);
        collect(process.getErrorStream(), err);
    }

    private static void collect(InputStream stream, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    into.add(line);
                }
            } catch (IOException e) {
                // The process ended.
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a line of standard error, failing fast if the process exits first. */
    void awaitErr(Predicate<String> line, Duration timeout) {
        try {
            await("a line on standard error").atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .failFast("the process exited", () -> !process.isAlive())
                    .until(() -> err.stream().anyMatch(line));
        } catch (RuntimeException e) {
            throw new AssertionError("no such line on standard error; output " + out + ", errors " + err, e);
        }
    }

    /** Waits for {@code n} lines of standard output. */
    void awaitOut(int n, Duration timeout) {
        try {
            await(n + " lines on standard output").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> out.size() >= n);
        } catch (RuntimeException e) {
            throw new AssertionError(n + " lines expected on standard output; output " + out + ", errors " + err, e);
        }
    }

    int exitCode(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("exited; output %s, errors %s", out, err).isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
