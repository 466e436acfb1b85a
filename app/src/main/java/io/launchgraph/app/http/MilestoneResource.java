package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.launchgraph.topology.StateStores;
import java.util.List;

/** {@code /milestones/{id}}. */
final class MilestoneResource {
    private final Routing routing;

    MilestoneResource(Routing routing) {
        this.routing = routing;
    }

    List<HttpApi.Route> routes() {
        return List.of(new HttpApi.Route("GET", "/milestones/{id}", this::milestone));
    }

    private void milestone(Context ctx) {
        String id = ctx.pathParam("id");
        routing.keyed(ctx, StateStores.MILESTONE_STATE.name(), id, local -> local.milestone(id), "no milestone " + id);
    }
}
