package io.launchgraph.app.http;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.launchgraph.topology.StateStores;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code /launches}, {@code /launches/{id}} (now, or as of an instant) and {@code /changes}. */
final class LaunchResource {
    /** Writes go out in pieces of this size: a list of launches is many small pieces of ready bytes. */
    private static final int BUFFER_BYTES = 64 * 1024;
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
        int[] fields = Projection.ofLaunches(ctx);
        routing.keyed(ctx, StateStores.LAUNCH_ANSWERS.name(), id,
                local -> (asOf == null ? local.readyLaunch(id) : local.launch(id, asOf).map(ReadyLaunch::of)).map(r -> r.json(fields)),
                asOf == null ? "no launch " + id : "no launch " + id + " was declared by " + asOf);
    }

    private void launches(Context ctx) {
        LocalQueries.LaunchFilter filter = QueryParams.launchFilter(ctx);
        Instant asOf = QueryParams.instant(ctx, "asOf");
        int offset = QueryParams.intParam(ctx, "offset", 0);
        int limit = QueryParams.intParam(ctx, "limit", 1000);
        Comparator<Views.Launch> order = QueryParams.launchOrder(ctx);
        int[] fields = Projection.ofLaunches(ctx);
        List<ReadyLaunch> all = new ArrayList<>();
        for (List<ReadyLaunch> part : routing.gather(ctx, StateStores.LAUNCH_ANSWERS.name(), local -> local.readyLaunches(filter, asOf),
                Routing.listOf(Views.Launch.class), (List<Views.Launch> remote) -> remote.stream().map(ReadyLaunch::of).toList())) {
            all.addAll(part);
        }
        all.sort(Comparator.comparing(ReadyLaunch::summary, order));
        ctx.contentType(ContentType.APPLICATION_JSON);
        // Not closed: Javalin finishes the response (and its compression) itself.
        OutputStream out = new BufferedOutputStream(ctx.outputStream(), BUFFER_BYTES);
        try {
            if (Routing.localOnly(ctx)) {
                // A part for the instance that gathers: whole launches, which it sorts, counts and projects.
                ReadyLaunch.writeArray(out, all, null);
            } else {
                List<ReadyLaunch> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
                Views.LaunchCounts counts = Views.LaunchCounts.of(all.stream().map(ReadyLaunch::summary).toList());
                // The form of Views.Launches, its launches written from their ready bytes.
                out.write(("{\"total\":" + all.size() + ",\"offset\":" + offset + ",\"counts\":").getBytes(StandardCharsets.UTF_8));
                out.write(HttpApi.JSON.writeValueAsBytes(counts));
                out.write(",\"launches\":".getBytes(StandardCharsets.UTF_8));
                ReadyLaunch.writeArray(out, page, fields);
                out.write('}');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
