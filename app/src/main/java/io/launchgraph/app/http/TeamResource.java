package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.launchgraph.topology.StateStores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /teams} and {@code /teams/{id}/blocking}. */
final class TeamResource {
    private final Routing routing;

    TeamResource(Routing routing) {
        this.routing = routing;
    }

    List<HttpApi.Route> routes() {
        return List.of(
                new HttpApi.Route("GET", "/teams", this::teams),
                new HttpApi.Route("GET", "/teams/{id}/blocking", this::teamBlocking));
    }

    private void teamBlocking(Context ctx) {
        String id = ctx.pathParam("id");
        routing.keyed(ctx, StateStores.TEAM_BLOCKING.name(), id, local -> Optional.of(local.readyTeam(id)), null);
    }

    private void teams(Context ctx) {
        Comparator<Views.TeamCount> byId = Comparator.comparing(Views.TeamCount::teamId);
        Comparator<Views.TeamCount> order = switch (Optional.ofNullable(ctx.queryParam("sort")).orElse("count")) {
            case "count" -> Comparator.comparingInt(Views.TeamCount::count).reversed().thenComparing(byId);
            case "slip" -> Comparator.comparingInt(Views.TeamCount::lateLaunches).reversed()
                    .thenComparing(Comparator.comparingLong(Views.TeamCount::slipDays).reversed())
                    .thenComparing(byId);
            default -> throw new HttpResponseException(400, "sort must be count or slip, not \"" + ctx.queryParam("sort") + "\"", Map.of());
        };
        Map<String, Views.TeamCount> merged = new HashMap<>();
        for (List<Views.TeamCount> part : routing.gather(ctx, StateStores.TEAM_BLOCKING.name(), LocalQueries::teamCounts,
                Routing.listOf(Views.TeamCount.class))) {
            part.forEach(t -> merged.merge(t.teamId(), t, (a, b) -> new Views.TeamCount(a.teamId(), a.count() + b.count(),
                    a.lateLaunches() + b.lateLaunches(), a.slipDays() + b.slipDays())));
        }
        List<Views.TeamCount> ranking = new ArrayList<>(merged.values());
        ranking.sort(order);
        if (Routing.localOnly(ctx)) {
            ctx.json(ranking);
        } else {
            ctx.json(new Views.Teams(ranking));
        }
    }
}
