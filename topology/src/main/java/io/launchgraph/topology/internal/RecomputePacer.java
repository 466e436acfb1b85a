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
 *
 * <p>That tenth is of the time since the first event folded after the last recompute, not since
 * the recompute itself: the commit and the fetch that follow a long recompute are time the fold
 * could not use. Counted from the recompute's end, one event folded after a 1 s slice and its
 * commit looked like a fold with nothing to do, so under a backlog of 5M events at 1M
 * milestones recomputes took 62 % of the graph task's thread instead of a fifth (decision 51).
 */
public final class RecomputePacer {
    /** Folding under this share of the time since its first event after the last recompute counts as keeping up (decisions 44, 51). */
    private static final double IDLE_FOLD_SHARE = 0.1;

    private final double maxShare;
    private long nextAllowedNanos = Long.MIN_VALUE;
    /** When the first fold since the last recompute began; {@code Long.MIN_VALUE} before it. */
    private long firstFoldNanos = Long.MIN_VALUE;
    private long foldNanos;

    /** @param maxShare in (0, 1]; 1 never waits */
    public RecomputePacer(double maxShare) {
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("maxShare must be in (0, 1]: " + maxShare);
        }
        this.maxShare = maxShare;
    }

    /** Counts time the task spent folding an event, from {@code startNanos} to {@code endNanos}. */
    public void folded(long startNanos, long endNanos) {
        if (firstFoldNanos == Long.MIN_VALUE) {
            firstFoldNanos = startNanos;
        }
        foldNanos += endNanos - startNanos;
    }

    /** Time spent folding since the last recompute. */
    public long foldNanos() {
        return foldNanos;
    }

    public boolean mayRecompute(long nowNanos) {
        if (nextAllowedNanos == Long.MIN_VALUE || nowNanos - nextAllowedNanos >= 0) {
            return true;
        }
        // Nothing folded since: nothing waits for the fold.
        return firstFoldNanos == Long.MIN_VALUE || foldNanos < (nowNanos - firstFoldNanos) * IDLE_FOLD_SHARE;
    }

    public void recomputed(long startNanos, long endNanos) {
        long took = endNanos - startNanos;
        nextAllowedNanos = endNanos + (long) (took * (1 - maxShare) / maxShare);
        firstFoldNanos = Long.MIN_VALUE;
        foldNanos = 0;
    }
}
