package io.launchgraph.topology.internal;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;

/** What the graph task emits: a changed answer, or a dead letter for a conflicting event. */
sealed interface GraphOutput {
    record Published(LaunchAnswer answer) implements GraphOutput {}

    record Refused(byte[] key, DeadLetter letter) implements GraphOutput {}
}
