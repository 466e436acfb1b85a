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
        if (!routing.spread(StateStores.TEAM_BLOCKING.name()) && !Routing.localOnly(ctx)) {
            routing.keyed(ctx, StateStores.TEAM_BLOCKING.name(), id, local -> Optional.of(local.readyTeam(id)), null);
            return;
        }
        // Each instance holds the entries of the launches its graph partitions own (decision 47).
        List<Views.TeamLaunch> launches = new ArrayList<>();
        for (Views.TeamBlocking part : routing.gather(ctx, StateStores.TEAM_BLOCKING.name(), local -> local.team(id),
                HttpApi.JSON.constructType(Views.TeamBlocking.class))) {
            launches.addAll(part.launches());
        }
        launches.sort(Comparator.comparing(Views.TeamLaunch::dueDate, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Views.TeamLaunch::launchId));
        ctx.json(new Views.TeamBlocking(id, launches.size(), launches));
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
