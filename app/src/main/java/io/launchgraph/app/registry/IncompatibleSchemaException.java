package io.launchgraph.app.registry;

import io.launchgraph.topology.serde.SchemaRegistryException;

/** The registry refused a schema as incompatible with the subject's compatibility rule (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    public IncompatibleSchemaException(String subject, String message) {
        super(message);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
