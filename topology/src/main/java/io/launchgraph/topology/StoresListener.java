package io.launchgraph.topology;

import java.util.Collection;

/**
 * Told on the graph task's thread when it has changed what its stores answer, always after the
 * writes: a reader who keeps something built from the stores drops it when told, and builds only
 * from reads that start after the last call it saw.
 */
@FunctionalInterface
public interface StoresListener {
    StoresListener NONE = () -> { };

    /** Something in the stores changed (an event folded, answers published). Must return at once. */
    void storesChanged();

    /**
     * The answers of these launches were derived again (changed or not), or their own milestone
     * changed: what a launch's answer is read with may differ now. Followed by {@link #storesChanged()}.
     */
    default void launchesChanged(Collection<String> launchIds) {
        storesChanged();
    }

    /**
     * The stores were restored from their changelogs, or the task left this instance: anything
     * may have changed without a write of the task's.
     */
    default void storesReplaced() {
        storesChanged();
    }
}
