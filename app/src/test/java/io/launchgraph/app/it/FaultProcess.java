package io.launchgraph.app.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A child JVM the fault suite can hard-kill ({@code SIGKILL}), freeze ({@code SIGSTOP}), thaw and
 * start again with the same command, its output appended to one log file across restarts.
 */
final class FaultProcess implements AutoCloseable {
    private final String name;
    private final Supplier<List<String>> command;
    private final Path log;
    private Process process;
    private boolean paused;

    FaultProcess(String name, Supplier<List<String>> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** A port free on 127.0.0.1 now (a child binds it later; the fault suite keeps it across restarts). */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java executable of this JVM, so children run on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path of the packaged jar and its {@code lib/}: what users run, Kafka's broker classes included. */
    static String packagedClassPath() {
        Path jar = Path.of(System.getProperty("launchgraph.test.jar", "target/launchgraph.jar")).toAbsolutePath();
        return jar + java.io.File.pathSeparator + jar.resolveSibling("lib") + "/*";
    }

    synchronized FaultProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(new ArrayList<>(command.get()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no clean close, open transactions left open. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            process.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
        }
    }

    /** {@code kill -STOP}: the process stays, silent, as a zombie in a GC pause or on a frozen VM would. */
    synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** {@code kill -CONT}. */
    synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    String name() {
        return name;
    }

    /** The log's last lines, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Whether the log written since {@code fromByte} contains {@code text}. */
    boolean logContainsSince(long fromByte, String text) {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(fromByte, all.length), (int) Math.max(0, all.length - fromByte), StandardCharsets.ISO_8859_1)
                    .contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Stops gently (SIGTERM, then SIGKILL after {@code grace}). */
    void stop(Duration grace) {
        Process p;
        synchronized (this) {
            p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            if (paused) {
                resume();
            }
        }
        p.destroy();
        if (p.onExit().completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS).join() == null) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
