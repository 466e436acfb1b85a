package io.launchgraph.topology.internal;

/**
 * Decides when the graph task may recompute again, so that recomputing takes at most a given
 * share of its time. After a recompute that took {@code d}, the next waits at least
 * {@code d * (1 - share) / share}: under load, batches grow and each costs less per event; when
 * quiet, answers follow every recompute interval.
 */
public final class RecomputePacer {
    private final double maxShare;
    private long nextAllowedNanos = Long.MIN_VALUE;

    /** @param maxShare in (0, 1]; 1 never waits */
    public RecomputePacer(double maxShare) {
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("maxShare must be in (0, 1]: " + maxShare);
        }
        this.maxShare = maxShare;
    }

    public boolean mayRecompute(long nowNanos) {
        return nowNanos - nextAllowedNanos >= 0 || nextAllowedNanos == Long.MIN_VALUE;
    }

    public void recomputed(long startNanos, long endNanos) {
        long took = endNanos - startNanos;
        nextAllowedNanos = endNanos + (long) (took * (1 - maxShare) / maxShare);
    }
}
