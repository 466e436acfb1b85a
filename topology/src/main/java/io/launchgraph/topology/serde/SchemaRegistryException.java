package io.launchgraph.topology.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The registry refused a request or could not answer it. */
public class SchemaRegistryException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
