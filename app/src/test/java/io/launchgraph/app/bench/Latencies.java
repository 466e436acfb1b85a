package io.launchgraph.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Request times in nanoseconds, and the figures the comparison report prints from them. */
final class Latencies {
    private final List<Long> nanos = new ArrayList<>();

    void add(long n) {
        nanos.add(n);
    }

    void addAll(Latencies other) {
        nanos.addAll(other.nanos);
    }

    int count() {
        return nanos.size();
    }

    /** The p-th percentile in milliseconds (nearest rank), or NaN when nothing was measured. */
    double ms(double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    double p50() {
        return ms(50);
    }

    double p99() {
        return ms(99);
    }

    /** "p50 / p99 ms" with a precision that suits the size. */
    String both() {
        return format(p50()) + " / " + format(p99()) + " ms";
    }

    static String format(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 1000 ? "%.0f" : "%,.0f", ms);
    }
}
