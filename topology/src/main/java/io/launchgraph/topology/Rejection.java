package io.launchgraph.topology;

import java.util.Objects;

/** Why an event was refused: a stable code (see {@link EventRules}) and a message for people. */
public record Rejection(String code, String message) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
