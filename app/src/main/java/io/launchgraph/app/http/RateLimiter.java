package io.launchgraph.app.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets for the writes (events and imports): one per client and one for everyone, each
 * refilled at its rate per second and holding at most one second's worth, so a client may burst
 * to its rate and no more. A rate of 0 is no limit.
 */
final class RateLimiter {
    /** Buckets of clients beyond this many are forgotten once full again (a full bucket is a new client's). */
    private static final int MAX_CLIENTS = 10_000;

    /** Whether a request may go ahead, and if not, in how many whole seconds it may. */
    record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private final double perClient;
    private final double total;
    private final LongSupplier nanos;
    private final Map<String, Bucket> clients = new ConcurrentHashMap<>();
    private final Bucket everyone;

    RateLimiter(double perClientPerSecond, double totalPerSecond, LongSupplier nanos) {
        this.perClient = perClientPerSecond;
        this.total = totalPerSecond;
        this.nanos = nanos;
        this.everyone = new Bucket(totalPerSecond, nanos.getAsLong());
    }

    /** Takes one request of {@code client} from its bucket and everyone's, or says when to come back. */
    Decision acquire(String client) {
        long now = nanos.getAsLong();
        if (perClient > 0) {
            if (clients.size() > MAX_CLIENTS) {
                clients.values().removeIf(b -> b.full(now));
            }
            double wait = clients.computeIfAbsent(client, k -> new Bucket(perClient, now)).take(now);
            if (wait > 0) {
                return refused(wait);
            }
        }
        if (total > 0) {
            double wait = everyone.take(now);
            if (wait > 0) {
                return refused(wait);
            }
        }
        return Decision.ALLOWED;
    }

    private static Decision refused(double seconds) {
        return new Decision(false, Math.max(1, (long) Math.ceil(seconds)));
    }

    /** One bucket: {@code rate} tokens a second, at most {@code rate} (at least one) held. */
    private static final class Bucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long at;

        Bucket(double rate, long now) {
            this.rate = rate;
            this.capacity = Math.max(1, rate);
            this.tokens = capacity;
            this.at = now;
        }

        /** Takes a token and answers 0, or answers the seconds until one is there. */
        synchronized double take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / rate;
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - at) / 1e9 * rate);
            at = now;
        }
    }
}
