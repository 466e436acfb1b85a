package io.launchgraph.topology.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A schema registry in memory, for unit tests and {@code TopologyTestDriver}: ids are global and
 * start at 1, the same schema text gets the same id under every subject (as Confluent does), and
 * no compatibility rules are applied.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        String text = schema.toString();
        Integer id = idsBySchemaText.get(text);
        if (id == null) {
            id = schemasById.size() + 1;
            idsBySchemaText.put(text, id);
            schemasById.put(id, new Schema.Parser().parse(text));
        }
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer id = idsBySchemaText.get(schema.toString());
        if (id == null || !idsBySubject.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaRegistryException(
                    "schema " + schema.getFullName() + " is not registered under subject " + subject);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new UnknownSchemaException(id);
        }
        return schema;
    }

    /** Subjects registered so far, for tests. */
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }
}
