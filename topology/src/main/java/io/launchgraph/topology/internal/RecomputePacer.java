package io.launchgraph.topology.internal;

/**
 * Decides when the graph task may recompute again, so that recomputing takes at most a given
 * share of its time. After a recompute that took {@code d}, the next waits at least
 * {@code d * (1 - share) / share}: under load, batches grow and each costs less per event; when
 * quiet, answers follow every recompute interval.
 *
 * <p>While the task is catching up on a backlog (the events it folds are older than
 * {@link #CATCHING_UP_MILLIS}), the share drops to a tenth: every change folded later reaches
 * much of what a recompute derives now, so most of that work would be done again, and answers
 * minutes behind gain little from being refreshed more often. A share of 1 never waits.
 */
public final class RecomputePacer {
    /** How old the last folded event may be before the task counts as catching up. */
    public static final long CATCHING_UP_MILLIS = 5_000;
    private static final double CATCHING_UP_SHARE_FACTOR = 0.1;

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
        recomputed(startNanos, endNanos, false);
    }

    /** @param catchingUp whether the events folded before this recompute were a backlog */
    public void recomputed(long startNanos, long endNanos, boolean catchingUp) {
        double share = catchingUp && maxShare < 1 ? maxShare * CATCHING_UP_SHARE_FACTOR : maxShare;
        long took = endNanos - startNanos;
        nextAllowedNanos = endNanos + (long) (took * (1 - share) / share);
    }
}
