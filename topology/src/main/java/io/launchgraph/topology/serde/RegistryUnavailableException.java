package io.launchgraph.topology.serde;

/**
 * The registry could not be reached, or answered 5xx, for longer than the client's retry budget.
 * Transient: a record waiting on it is retried later, never dead-lettered.
 */
public class RegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
