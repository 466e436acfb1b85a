package io.launchgraph.topology;

/**
 * Told on the graph task's thread each time it has changed what its stores answer: after it
 * writes them, and when it starts or stops on this instance (the stores then change by
 * restoration, which no processor sees). A reader that keeps something built from the stores
 * drops it when told, and builds only from reads that start after the last call it saw.
 */
@FunctionalInterface
public interface StoresListener {
    StoresListener NONE = () -> { };

    /** Must return at once: it runs inside the graph task's processing. */
    void storesChanged();
}
