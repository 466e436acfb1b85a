package io.launchgraph.topology.serde;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry protocol that the wire-format serdes need.
 *
 * <p>Implementations: {@link InMemorySchemaRegistryClient} for unit tests, and a REST client of
 * the documented Confluent API for real registries (Confluent, Apicurio's ccompat API, Karapace,
 * Redpanda). Implementations must be thread-safe: Kafka Streams shares serdes across threads.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (idempotent) and returns its id.
     *
     * @throws SchemaRegistryException when the registry refuses it (for example an incompatible
     *     change) or cannot be reached
     */
    int register(String subject, Schema schema);

    /**
     * The id of {@code schema} when it is already registered under {@code subject}.
     *
     * @throws SchemaRegistryException when it is not registered there
     */
    int idOf(String subject, Schema schema);

    /**
     * The schema registered with {@code id}.
     *
     * @throws UnknownSchemaException when no schema has that id
     */
    Schema schemaById(int id);
}
