package io.launchgraph.topology.internal;

import io.launchgraph.avro.DependencyStrength;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The register of one edge {@code dependentId -> dependencyId}: present with its attributes, or
 * absent. Absent registers are kept so that an older declaration delivered late stays beaten.
 */
public record Dependency(
        String dependentId,
        String dependencyId,
        boolean present,
        DependencyStrength strength,
        LocalDate neededBy,
        Stamp stamp) {

    public Dependency {
        Objects.requireNonNull(dependentId, "dependentId");
        Objects.requireNonNull(dependencyId, "dependencyId");
        Objects.requireNonNull(stamp, "stamp");
        if (present) {
            Objects.requireNonNull(strength, "strength");
        } else {
            strength = null;
            neededBy = null;
        }
    }

    /** The register's value without its stamp. */
    Value value() {
        return new Value(present, strength, neededBy);
    }

    record Value(boolean present, DependencyStrength strength, LocalDate neededBy) {}
}
