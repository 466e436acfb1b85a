package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.launchgraph.topology.StateStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /launches}, {@code /launches/{id}} (now, or as of an instant) and {@code /changes}. */
final class LaunchResource {
    private final Routing routing;

    LaunchResource(Routing routing) {
        this.routing = routing;
    }

    List<HttpApi.Route> routes() {
        return List.of(
                new HttpApi.Route("GET", "/launches", this::launches),
                new HttpApi.Route("GET", "/launches/{id}", this::launch),
                new HttpApi.Route("GET", "/changes", this::changes));
    }

    private void launch(Context ctx) {
        String id = ctx.pathParam("id");
        Instant asOf = QueryParams.instant(ctx, "asOf");
        Projection fields = Projection.ofLaunches(ctx);
        routing.keyed(ctx, StateStores.LAUNCH_ANSWERS.name(), id,
                local -> (asOf == null ? local.launch(id) : local.launch(id, asOf)).map(l -> fields == null ? l : fields.apply(l)),
                asOf == null ? "no launch " + id : "no launch " + id + " was declared by " + asOf);
    }

    private void launches(Context ctx) {
        LocalQueries.LaunchFilter filter = QueryParams.launchFilter(ctx);
        Instant asOf = QueryParams.instant(ctx, "asOf");
        int offset = QueryParams.intParam(ctx, "offset", 0);
        int limit = QueryParams.intParam(ctx, "limit", 1000);
        Comparator<Views.Launch> order = QueryParams.launchOrder(ctx);
        Projection fields = Projection.ofLaunches(ctx);
        List<Views.Launch> all = new ArrayList<>();
        for (List<Views.Launch> part : routing.gather(ctx, StateStores.LAUNCH_ANSWERS.name(), local -> local.launches(filter, asOf),
                Routing.listOf(Views.Launch.class))) {
            all.addAll(part);
        }
        all.sort(order);
        if (Routing.localOnly(ctx)) {
            // A part for the instance that gathers: whole launches, which it sorts, counts and projects.
            ctx.json(all);
            return;
        }
        List<Views.Launch> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        if (fields == null) {
            ctx.json(new Views.Launches(all.size(), offset, Views.LaunchCounts.of(all), page));
        } else {
            Map<String, Object> projected = new LinkedHashMap<>();
            projected.put("total", all.size());
            projected.put("offset", offset);
            projected.put("counts", Views.LaunchCounts.of(all));
            projected.put("launches", fields.apply(page));
            ctx.json(projected);
        }
    }

    private void changes(Context ctx) {
        Instant since = QueryParams.requiredInstant(ctx, "since");
        LocalQueries.LaunchFilter filter = QueryParams.launchFilter(ctx);
        List<Views.Change> changed = new ArrayList<>();
        int unchanged = 0;
        for (Views.Changes changes : routing.gather(ctx, StateStores.EVENT_HISTORY.name(), local -> local.changes(since, filter),
                HttpApi.JSON.constructType(Views.Changes.class))) {
            changed.addAll(changes.changed());
            unchanged += changes.unchanged();
        }
        changed.sort(Comparator.comparing(Views.Change::launchId));
        HttpApi.streamJson(ctx, new Views.Changes(changed, unchanged));
    }
}
