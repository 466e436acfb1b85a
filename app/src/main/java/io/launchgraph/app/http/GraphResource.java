package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.launchgraph.app.graph.GraphExport;
import io.launchgraph.topology.WhatIf;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /launches/{id}/graph}: a launch's blocking subgraph as JSON, DOT, Mermaid or GraphML,
 * from this instance's replica of the folded state (the one what-ifs use; every instance has it).
 */
final class GraphResource {
    private final Supplier<WhatIf> replica;

    GraphResource(Supplier<WhatIf> replica) {
        this.replica = replica;
    }

    List<HttpApi.Route> routes() {
        return List.of(new HttpApi.Route("GET", "/launches/{id}/graph", this::graph));
    }

    private void graph(Context ctx) {
        String id = ctx.pathParam("id");
        String name = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        GraphExport.Format format;
        try {
            format = GraphExport.Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpResponseException(400, "format must be json, dot, mermaid or graphml, not \"" + name + "\"", Map.of());
        }
        String scope = Optional.ofNullable(ctx.queryParam("scope")).orElse("blocking");
        if (!scope.equals("blocking") && !scope.equals("risk")) {
            throw new HttpResponseException(400, "scope must be blocking or risk, not \"" + scope + "\"", Map.of());
        }
        WhatIf.Subgraph g = replica.get().subgraph(id, scope.equals("risk"));
        if (g == null) {
            Routing.error(ctx, 404, "no open launch " + id);
            return;
        }
        switch (format) {
            case JSON -> HttpApi.streamJson(ctx, GraphExport.json(g));
            case DOT -> ctx.contentType(format.contentType).result(GraphExport.dot(g));
            case MERMAID -> ctx.contentType(format.contentType).result(GraphExport.mermaid(g));
            default -> ctx.contentType(format.contentType).result(GraphExport.graphml(g));
        }
    }
}
