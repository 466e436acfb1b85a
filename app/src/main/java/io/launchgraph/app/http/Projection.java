package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code fields=launchId,blocked,forecast}: a dashboard's compact form of launches, with only the
 * fields it names, in the order it names them. A list of every blocked launch drops from tens of
 * megabytes to what the dashboard draws.
 */
final class Projection {
    /** The fields of {@link Views.Launch} by their JSON names (a record's components, in order). */
    private static final Map<String, Method> LAUNCH_FIELDS = new LinkedHashMap<>();

    static {
        for (RecordComponent c : Views.Launch.class.getRecordComponents()) {
            LAUNCH_FIELDS.put(c.getName(), c.getAccessor());
        }
    }

    private final List<Method> accessors;
    private final List<String> names;

    private Projection(List<String> names) {
        this.names = names;
        this.accessors = names.stream().map(LAUNCH_FIELDS::get).toList();
    }

    /** The projection {@code fields} asks for (comma-separated, or repeated), or null for whole launches; 400 for a field launches do not have. */
    static Projection ofLaunches(Context ctx) {
        List<String> asked = ctx.queryParams("fields");
        if (asked.isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String list : asked) {
            for (String name : list.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty()) {
                    names.add(trimmed);
                }
            }
        }
        if (names.isEmpty()) {
            throw new HttpResponseException(400, "fields names none; give some of " + String.join(",", LAUNCH_FIELDS.keySet()), Map.of());
        }
        for (String name : names) {
            if (!LAUNCH_FIELDS.containsKey(name)) {
                throw new HttpResponseException(400,
                        "fields: launches have no field \"" + name + "\"; they have " + String.join(",", LAUNCH_FIELDS.keySet()), Map.of());
            }
        }
        return new Projection(List.copyOf(names));
    }

    /** The fields asked for of one launch, in the order asked; nulls kept, as the whole launch has them. */
    Map<String, Object> apply(Views.Launch launch) {
        Map<String, Object> out = new LinkedHashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            try {
                out.put(names.get(i), accessors.get(i).invoke(launch));
            } catch (IllegalAccessException | InvocationTargetException e) {
                // Record accessors are public and do not throw: this is a bug, not bad input.
                throw new IllegalStateException("cannot read " + names.get(i) + " of a launch", e);
            }
        }
        return out;
    }

    List<Map<String, Object>> apply(List<Views.Launch> launches) {
        List<Map<String, Object>> out = new ArrayList<>(launches.size());
        launches.forEach(l -> out.add(apply(l)));
        return out;
    }
}
