package io.launchgraph.topology.internal;

/**
 * Decides when the graph task may recompute again, so that recomputing takes at most a given
 * share of its time while the fold needs the rest. After a recompute that took {@code d}, the
 * next waits at least {@code d * (1 - share) / share}: under load, batches grow and each costs
 * less per event; when quiet, answers follow every recompute interval.
 *
 * <p>The wait is for a fold that is busy. When folding took less than a tenth of the time since
 * the last recompute, the events come much slower than the task folds them, and waiting would
 * only delay their answers: at a steady 200 changes a second on the 10k organisation, a fixed
 * share spaced recomputes 1.2 s apart while folding took 1 % of the thread. Under a flood,
 * {@code process} takes well over a tenth of the time (a half was too much: it let recomputes
 * crowd out the fold, and 1M events settled in 136 s instead of 71 s).
 */
public final class RecomputePacer {
    /** Folding under this share of the time since the last recompute counts as keeping up (decision 44). */
    private static final double IDLE_FOLD_SHARE = 0.1;

    private final double maxShare;
    private long nextAllowedNanos = Long.MIN_VALUE;
    private long lastEndNanos = Long.MIN_VALUE;
    private long foldNanos;

    /** @param maxShare in (0, 1]; 1 never waits */
    public RecomputePacer(double maxShare) {
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("maxShare must be in (0, 1]: " + maxShare);
        }
        this.maxShare = maxShare;
    }

    /** Counts time the task spent folding events since the last recompute. */
    public void folded(long nanos) {
        foldNanos += nanos;
    }

    /** Time spent folding since the last recompute. */
    public long foldNanos() {
        return foldNanos;
    }

    public boolean mayRecompute(long nowNanos) {
        if (nextAllowedNanos == Long.MIN_VALUE || nowNanos - nextAllowedNanos >= 0) {
            return true;
        }
        return foldNanos < (nowNanos - lastEndNanos) * IDLE_FOLD_SHARE;
    }

    public void recomputed(long startNanos, long endNanos) {
        long took = endNanos - startNanos;
        nextAllowedNanos = endNanos + (long) (took * (1 - maxShare) / maxShare);
        lastEndNanos = endNanos;
        foldNanos = 0;
    }
}
