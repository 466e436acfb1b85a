package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
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
    private Projection() {}

    /**
     * The positions of the fields {@code fields} asks for (comma-separated, or repeated), in the
     * order asked, as {@link ReadyLaunch#writeTo} takes them; null for whole launches; 400 for a
     * field launches do not have.
     */
    static int[] ofLaunches(Context ctx) {
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
        String known = String.join(",", ReadyLaunch.fieldNames());
        if (names.isEmpty()) {
            throw new HttpResponseException(400, "fields names none; give some of " + known, Map.of());
        }
        int[] fields = new int[names.size()];
        int i = 0;
        for (String name : names) {
            fields[i] = ReadyLaunch.fieldIndex(name);
            if (fields[i++] < 0) {
                throw new HttpResponseException(400, "fields: launches have no field \"" + name + "\"; they have " + known, Map.of());
            }
        }
        return fields;
    }
}
