package io.launchgraph.topology.internal;

import io.launchgraph.avro.DependencyStrength;

/** The register of edge {@code source -> target}, shared by both ends' adjacency arrays. */
final class Edge {
    final Node source;
    final Node target;
    Dependency register;

    Edge(Node source, Node target, Dependency register) {
        this.source = source;
        this.target = target;
        this.register = register;
    }

    boolean present() {
        return register.present();
    }

    /** HARD, present, from an open dependent to an unresolved dependency. */
    boolean blocking() {
        return register.present()
                && register.strength() == DependencyStrength.HARD
                && source.open
                && !target.resolved;
    }
}
