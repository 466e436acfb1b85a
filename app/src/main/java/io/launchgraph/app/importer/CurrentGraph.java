package io.launchgraph.app.importer;

import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.topology.WhatIf;
import java.util.List;

/** The graph an import is compared with: the folded registers, with the stamp of the event that wrote each. */
public interface CurrentGraph {

    /** A milestone's registers, or null when nothing named it. */
    MilestoneState milestone(String id);

    /** Every edge register out of {@code id}, present and removed. */
    List<DependencyState> dependenciesOf(String id);

    /** The present edge registers into {@code id}. */
    List<DependencyState> dependentsOf(String id);

    /** No graph at all: every milestone and edge of an export is new, nothing is removed (a dry run without a service). */
    CurrentGraph EMPTY = new CurrentGraph() {
        @Override
        public MilestoneState milestone(String id) {
            return null;
        }

        @Override
        public List<DependencyState> dependenciesOf(String id) {
            return List.of();
        }

        @Override
        public List<DependencyState> dependentsOf(String id) {
            return List.of();
        }
    };

    /**
     * The committed state a what-if replica holds. Each register is read on its own, while the
     * replica may take a batch between two reads: that is enough, because every decision is about
     * one register and last-writer-wins settles any write that lands after it was read.
     */
    static CurrentGraph of(WhatIf replica) {
        return new CurrentGraph() {
            @Override
            public MilestoneState milestone(String id) {
                return replica.milestone(id);
            }

            @Override
            public List<DependencyState> dependenciesOf(String id) {
                return replica.dependencies(id);
            }

            @Override
            public List<DependencyState> dependentsOf(String id) {
                return replica.dependents(id);
            }
        };
    }
}
