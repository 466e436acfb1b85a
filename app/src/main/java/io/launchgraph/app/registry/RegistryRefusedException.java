package io.launchgraph.app.registry;

import io.launchgraph.topology.serde.SchemaRegistryException;

/**
 * The schema registry refused who we are: our credentials (HTTP 401, 403) or the TLS handshake.
 * Retrying does not help; start-up stops on it with its message.
 */
public final class RegistryRefusedException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    RegistryRefusedException(String message) {
        super(message);
    }
}
