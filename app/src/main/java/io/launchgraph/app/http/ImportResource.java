package io.launchgraph.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import io.launchgraph.app.importer.CurrentGraph;
import io.launchgraph.app.importer.ImportFormat;
import io.launchgraph.app.importer.ImportSummary;
import io.launchgraph.app.importer.Importer;
import io.launchgraph.app.importer.Problem;
import io.launchgraph.app.ingest.EventPublisher;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.topology.WhatIf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /import/{format}}: a tracker's export in, the events that make the graph say what
 * it says out, compared with this instance's what-if replica (the committed state, so nothing is
 * routed). The body is the export itself, or {@code multipart/form-data} with parts {@code file}
 * and {@code mapping}. A dry run answers the events; otherwise they are published in one
 * transaction, all or none.
 */
final class ImportResource {
    private static final Logger LOG = LoggerFactory.getLogger(ImportResource.class);

    /** 200 for a dry run: the events in the JSON form of {@code POST /events}, and what they do. */
    record ImportDryRun(List<JsonNode> events, ImportSummary summary) {}

    /** 202: the events are published. */
    record ImportPublished(int published, ImportSummary summary) {}

    /** 400: nothing was imported; every problem with its line (CSV) or index (JSON) and reason. */
    record ImportRefused(String error, List<Problem> problems) {}

    private final Supplier<WhatIf> replica;
    private final Supplier<EventPublisher> publisher;
    private final long maxBodyBytes;

    ImportResource(Supplier<WhatIf> replica, Supplier<EventPublisher> publisher, long maxBodyBytes) {
        this.replica = replica;
        this.publisher = publisher;
        this.maxBodyBytes = maxBodyBytes;
    }

    List<HttpApi.Route> routes() {
        return List.of(new HttpApi.Route("POST", "/import/{format}", this::post));
    }

    private void post(Context ctx) {
        ImportFormat format;
        try {
            format = ImportFormat.of(ctx.pathParam("format"));
        } catch (IllegalArgumentException e) {
            throw new HttpResponseException(400, e.getMessage(), Map.of());
        }
        boolean dryRun = dryRun(ctx);
        Instant exportedAt = QueryParams.instant(ctx, "exportedAt");
        byte[] export;
        byte[] mapping = null;
        if (ctx.isMultipartFormData()) {
            try {
                export = part(ctx, "file");
                mapping = part(ctx, "mapping");
            } catch (Exception e) {
                // Jetty refuses a multipart body past the size limit, or a broken one, while reading its parts: the client's doing.
                throw new HttpResponseException(400, "the multipart body cannot be read (" + e.getMessage() + "); the limit is "
                        + maxBodyBytes + " bytes (ingest.max.body.bytes)", Map.of());
            }
            if (export == null) {
                throw new HttpResponseException(400, "the multipart body has no part \"file\" (the export); \"mapping\" is optional", Map.of());
            }
        } else {
            export = ctx.bodyAsBytes();
        }
        if (export.length > maxBodyBytes || mapping != null && mapping.length > maxBodyBytes) {
            throw new HttpResponseException(400, "the export is larger than the limit of " + maxBodyBytes
                    + " bytes (ingest.max.body.bytes); raise it, or import with launchgraph import --kafka", Map.of());
        }
        if (export.length == 0) {
            throw new HttpResponseException(400, "empty body: send the export file as the body, or as the part \"file\"", Map.of());
        }
        Instant at = exportedAt != null ? exportedAt : Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Importer.Outcome outcome = Importer.plan(new Importer.Request(format, export, mapping, at), CurrentGraph.of(replica.get()));
        if (outcome instanceof Importer.Refused r) {
            ctx.status(400).json(new ImportRefused(r.error(), r.problems()));
            return;
        }
        Importer.Planned plan = (Importer.Planned) outcome;
        if (dryRun) {
            HttpApi.streamJson(ctx, new ImportDryRun(plan.events().stream().map(e -> (JsonNode) EventJson.toJson(e)).toList(), plan.summary()));
            return;
        }
        publish(ctx, plan);
    }

    private void publish(Context ctx, Importer.Planned plan) {
        if (!plan.events().isEmpty()) {
            EventPublisher p = publisher.get();
            if (p == null) {
                Routing.notReady(ctx, "launchgraph is starting; not publishing yet");
                return;
            }
            try {
                p.publish(plan.events());
            } catch (KafkaException e) {
                LOG.warn("Publishing an import of {} events failed", plan.events().size(), e);
                Routing.notReady(ctx, "Kafka did not take the import's events (" + e.getMessage() + "); nothing was published; retry");
                return;
            }
        }
        LOG.info("Imported a {} export: {} events published", plan.summary().format(), plan.events().size());
        ctx.status(202).json(new ImportPublished(plan.events().size(), plan.summary()));
    }

    private static boolean dryRun(Context ctx) {
        String v = ctx.queryParam("dryRun");
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        throw new HttpResponseException(400, "dryRun must be true or false, not \"" + v + "\"", Map.of());
    }

    /** A part sent as a file or as a plain field; null when absent. */
    private static byte[] part(Context ctx, String name) {
        UploadedFile file = ctx.uploadedFile(name);
        if (file != null) {
            try (InputStream in = file.content()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String field = ctx.formParam(name);
        return field == null ? null : field.getBytes(StandardCharsets.UTF_8);
    }
}
