package io.launchgraph.topology.serde;

import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Finds records that use a union branch the reader does not know.
 *
 * <p>Avro resolves a writer's union branch that has no same-named reader branch to the first
 * reader branch it can be read as ("soft match", kept from Avro 1.8 for compatibility). A new
 * event type {@code MilestoneRenamed(milestoneId)} would be read as a
 * {@code MilestoneDueDateChanged} without a date, and silently unschedule the milestone. So the
 * names are checked here, and such records are rejected instead.
 */
final class UnknownBranches {

    private UnknownBranches() {}

    /** Full names of named types that the writer uses as union branches and the reader lacks. */
    static Set<String> of(Schema writer, Schema reader) {
        Set<String> known = new HashSet<>();
        collectNames(reader, known, new IdentityHashMap<>());
        Set<String> unknown = new HashSet<>();
        collectUnknownBranches(writer, known, unknown, new IdentityHashMap<>());
        return unknown;
    }

    /** The first unknown type a decoded (generic) datum holds, or null. */
    static String find(Object datum, Set<String> unknown) {
        if (datum instanceof GenericRecord record) {
            String name = record.getSchema().getFullName();
            if (unknown.contains(name)) {
                return name;
            }
            for (Schema.Field f : record.getSchema().getFields()) {
                String found = find(record.get(f.pos()), unknown);
                if (found != null) {
                    return found;
                }
            }
        } else if (datum instanceof Collection<?> items) {
            for (Object item : items) {
                String found = find(item, unknown);
                if (found != null) {
                    return found;
                }
            }
        } else if (datum instanceof Map<?, ?> map) {
            for (Object value : map.values()) {
                String found = find(value, unknown);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void collectNames(Schema s, Set<String> names, Map<Schema, Boolean> seen) {
        if (seen.put(s, Boolean.TRUE) != null) {
            return;
        }
        switch (s.getType()) {
            case RECORD -> {
                addNameAndAliases(s, names);
                s.getFields().forEach(f -> collectNames(f.schema(), names, seen));
            }
            case ENUM, FIXED -> addNameAndAliases(s, names);
            case ARRAY -> collectNames(s.getElementType(), names, seen);
            case MAP -> collectNames(s.getValueType(), names, seen);
            case UNION -> s.getTypes().forEach(t -> collectNames(t, names, seen));
            default -> {
                // primitives have no names
            }
        }
    }

    private static void addNameAndAliases(Schema s, Set<String> names) {
        names.add(s.getFullName());
        names.addAll(s.getAliases());
    }

    private static void collectUnknownBranches(Schema s, Set<String> known, Set<String> unknown, Map<Schema, Boolean> seen) {
        if (seen.put(s, Boolean.TRUE) != null) {
            return;
        }
        switch (s.getType()) {
            case RECORD -> s.getFields().forEach(f -> collectUnknownBranches(f.schema(), known, unknown, seen));
            case ARRAY -> collectUnknownBranches(s.getElementType(), known, unknown, seen);
            case MAP -> collectUnknownBranches(s.getValueType(), known, unknown, seen);
            case UNION -> {
                for (Schema branch : s.getTypes()) {
                    boolean named = branch.getType() == Schema.Type.RECORD
                            || branch.getType() == Schema.Type.ENUM
                            || branch.getType() == Schema.Type.FIXED;
                    if (named && !known.contains(branch.getFullName())) {
                        unknown.add(branch.getFullName());
                    }
                    collectUnknownBranches(branch, known, unknown, seen);
                }
            }
            default -> {
                // primitives cannot hold branches
            }
        }
    }
}
