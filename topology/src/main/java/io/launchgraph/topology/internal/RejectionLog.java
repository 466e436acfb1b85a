package io.launchgraph.topology.internal;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs rejected records without flooding the log: the first of each reason code at once, then at
 * most one line per code per minute saying how many more there were. Every rejection is on the
 * dead-letter topic regardless.
 */
final class RejectionLog {
    private static final long INTERVAL_MS = 60_000;

    private final Logger log;
    private final Map<String, long[]> byCode = new HashMap<>();

    RejectionLog(Logger log) {
        this.log = log;
    }

    void rejected(String code, String reason, String topic, int partition, long offset, long nowMs) {
        long[] state = byCode.computeIfAbsent(code, c -> new long[] {Long.MIN_VALUE, 0});
        if (nowMs - state[0] >= INTERVAL_MS) {
            String more = state[1] == 0 ? "" : " (" + state[1] + " more " + code + " since the last report)";
            log.warn(
                    "Rejected record {}-{}@{} to the dead-letter topic: {}: {}{}",
                    topic, partition, offset, code, reason, more);
            state[0] = nowMs;
            state[1] = 0;
        } else {
            state[1]++;
        }
    }
}
