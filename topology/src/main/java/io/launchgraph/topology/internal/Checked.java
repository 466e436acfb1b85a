package io.launchgraph.topology.internal;

import io.launchgraph.avro.DeadLetter;

/** What stage one says of a record: accepted (its original bytes) or refused (a dead letter). */
sealed interface Checked {
    record Accepted(byte[] value) implements Checked {}

    record Refused(byte[] key, DeadLetter letter) implements Checked {}
}
