package io.launchgraph.app.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What a phase of the benchmark cost the machine, read at both of its ends: the CPU of the demo's
 * processes and of the whole machine ({@code /proc}), and the demo's collector and heap (its own
 * {@code /metrics}). The report says from these what stands between a figure and its target.
 */
final class Usage {
    /** Linux counts CPU time in clock ticks, 100 a second on every kernel we run. */
    private static final double TICKS_PER_SECOND = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Usage() {}

    /** One reading; heap figures in bytes, NaN where {@code /metrics} did not answer. */
    record Sample(long nanos, long demoTicks, long busyTicks, double gcPauseSeconds, double gcPauses, double heapUsed, double heapCommitted) {}

    /** Between two readings. */
    record Window(double seconds, double demoCpuSeconds, double machineCpuSeconds, double gcPauseSeconds, double gcPauses) {
        double demoCores() {
            return demoCpuSeconds / seconds;
        }

        double machineCores() {
            return machineCpuSeconds / seconds;
        }
    }

    static Sample take(DemoProcess demo) {
        long now = System.nanoTime();
        String metrics = metrics(demo.url);
        return new Sample(now, demo.cpuTicks(), machineBusyTicks(), sum(metrics, "jvm_gc_pause_seconds_sum", ""),
                sum(metrics, "jvm_gc_pause_seconds_count", ""), sum(metrics, "jvm_memory_used_bytes", "area=\"heap\""),
                sum(metrics, "jvm_memory_committed_bytes", "area=\"heap\""));
    }

    static Window between(Sample from, Sample to) {
        return new Window((to.nanos() - from.nanos()) / 1e9, (to.demoTicks() - from.demoTicks()) / TICKS_PER_SECOND,
                (to.busyTicks() - from.busyTicks()) / TICKS_PER_SECOND, to.gcPauseSeconds() - from.gcPauseSeconds(),
                to.gcPauses() - from.gcPauses());
    }

    /**
     * The demo's heap after a full collection ({@code jcmd <pid> GC.run}, then {@code /metrics}):
     * what it holds live. Taken once a demo has nothing left to measure, since it stops the JVM.
     */
    static Sample afterFullCollection(DemoProcess demo) throws IOException, InterruptedException {
        Path jcmd = Path.of(DemoProcess.javaCommand()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(demo.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return take(demo);
    }

    /** utime + stime of one process, from {@code /proc/<pid>/stat}; 0 when it has ended. */
    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces; the fields after its closing parenthesis do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Every core's ticks not idle (user, nice, system, irq, softirq, steal) from {@code /proc/stat}. */
    private static long machineBusyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            long[] t = Arrays.stream(cpu.substring(3).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
            return t[0] + t[1] + t[2] + t[5] + t[6] + t[7];
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String metrics(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The sum of every series of {@code name} whose labels hold {@code label}; NaN when there is none. */
    static double sum(String metrics, String name, String label) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }
}
