package io.launchgraph.topology.serde;

/** A record names a schema id that the registry does not know. */
public class UnknownSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    private final int schemaId;

    public UnknownSchemaException(int schemaId) {
        super("schema id " + schemaId + " is not known to the schema registry");
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
