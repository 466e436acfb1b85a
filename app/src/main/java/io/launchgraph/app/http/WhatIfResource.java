package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.launchgraph.app.ingest.EventBatch;
import io.launchgraph.app.whatif.Hypotheses;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.topology.WhatIf;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /what-if}: what hypothetical events would change, from this instance's what-if
 * replica (every instance has one, so nothing is routed). Nothing is stored or published.
 */
final class WhatIfResource {
    private final Supplier<WhatIf> replica;
    private final long maxBodyBytes;

    WhatIfResource(Supplier<WhatIf> replica, long maxBodyBytes) {
        this.replica = replica;
        this.maxBodyBytes = maxBodyBytes;
    }

    List<HttpApi.Route> routes() {
        return List.of(new HttpApi.Route("POST", "/what-if", this::whatIf));
    }

    private void whatIf(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > maxBodyBytes) {
            Routing.error(ctx, 400, "request body of " + body.length + " bytes is larger than the limit of " + maxBodyBytes + " bytes");
            return;
        }
        EventBatch.Items<WhatIf.Hypothesis> hypotheses = Hypotheses.parse(body, HttpApi.isJsonLines(ctx), Instant.now());
        if (!hypotheses.accepted()) {
            List<Views.Refusal> refused = hypotheses.problems().stream()
                    .map(p -> new Views.Refusal(p.index(), p.line(), p.rejection().code(), p.rejection().message()))
                    .toList();
            int total = hypotheses.values().size() + refused.size();
            ctx.status(400).json(new Views.Refused(refused.size() + " of " + total + " hypotheses refused; nothing was applied", 0, refused));
            return;
        }
        WhatIf.Outcome outcome;
        try {
            outcome = replica.get().run(hypotheses.values());
        } catch (WhatIf.BadHypothesis e) {
            ctx.status(400).json(new Views.Refused("hypothesis " + e.index() + " cannot apply; nothing was applied", 0,
                    List.of(new Views.Refusal(e.index(), null, e.code(), e.getMessage()))));
            return;
        }
        HttpApi.streamJson(ctx, view(outcome));
    }

    /** The outcome in the form of {@code GET /changes}: each side's views read that side's states. */
    static Views.Changes view(WhatIf.Outcome outcome) {
        AnswerSource before = side(outcome.before());
        AnswerSource after = side(outcome.after());
        List<Views.Change> changed = new ArrayList<>();
        for (WhatIf.Change c : outcome.changed()) {
            Views.Launch was = c.before() == null ? null : LocalQueries.described(before, c.before());
            Views.Launch is = c.after() == null ? null : LocalQueries.described(after, c.after());
            changed.add(new Views.Change(c.launchId(), was, is, ChangeSummary.of(was, is, Views.status(outcome.after().milestones().get(c.launchId())))));
        }
        return new Views.Changes(changed, outcome.unchanged());
    }

    private static AnswerSource side(WhatIf.Side side) {
        return new AnswerSource(id -> (LaunchAnswer) null, side.milestones()::get, side.forecasts()::get, action -> {});
    }
}
