package io.launchgraph.topology.internal;

import io.launchgraph.avro.DependencyStrength;
import java.time.LocalDate;

/** The register of edge {@code source -> target}, shared by both ends' adjacency arrays. */
final class Edge {
    final Node source;
    final Node target;
    private Dependency register;
    // The register's facts that traversals read for every edge, kept here to spare a hop.
    boolean present;
    /** Present and HARD: blocking whenever its ends allow. */
    boolean hard;
    DependencyStrength strength;
    LocalDate neededBy;
    int neededByDay;

    Edge(Node source, Node target, Dependency register) {
        this.source = source;
        this.target = target;
        setRegister(register);
    }

    Dependency register() {
        return register;
    }

    void setRegister(Dependency register) {
        this.register = register;
        present = register.present();
        hard = present && register.strength() == DependencyStrength.HARD;
        strength = register.strength();
        neededBy = register.neededBy();
        neededByDay = neededBy == null ? Node.NO_DAY : (int) neededBy.toEpochDay();
    }

    /** HARD, present, from an open dependent to an unresolved dependency. */
    boolean blocking() {
        return hard && source.open && !target.resolved;
    }
}
