package io.launchgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.topology.GraphPartitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How a query reaches the stores that answer it: a key at the instance that holds it (forwarded
 * once if that is another), a list gathered from every instance holding a part. Shared by the
 * resources; errors are JSON, and not ready is 503 with Retry-After.
 */
final class Routing {
    private static final String RETRY_AFTER_SECONDS = "1";

    private final Supplier<LaunchGraphStreams> streams;
    private final Supplier<Router> router;
    private final ReadyViews ready;

    Routing(Supplier<LaunchGraphStreams> streams, Supplier<Router> router, ReadyViews ready) {
        this.streams = streams;
        this.router = router;
        this.ready = ready;
    }

    /** Whether this request asks for this instance's part of a list only (the caller gathers). */
    static boolean localOnly(Context ctx) {
        return ctx.header(Router.LOCAL_ONLY) != null;
    }

    /** Answers a query about one key from the instance that holds it (an answer of bytes is JSON ready to send). */
    void keyed(Context ctx, String store, String key, Function<LocalQueries, Optional<?>> local, String notFound) {
        onHolder(ctx, store, key, queries -> {
            Optional<?> answer = local.apply(queries);
            if (answer.isPresent() && answer.get() instanceof byte[] json) {
                sendJson(ctx, json);
            } else if (answer.isPresent()) {
                sendJson(ctx, answer.get());
            } else {
                error(ctx, 404, notFound);
            }
        });
    }

    /** Runs {@code answer} on the instance that holds {@code key} of {@code store}; forwards the request there when that is another. */
    void onHolder(Context ctx, String store, String key, java.util.function.Consumer<LocalQueries> answer) {
        LaunchGraphStreams s = streams.get();
        if (s == null) {
            notReady(ctx, "launchgraph is starting");
            return;
        }
        Router router = this.router.get();
        Optional<HostInfo> host = router.hostOf(store, key);
        if (host.isEmpty()) {
            notReady(ctx, "no instance holds " + store + " right now (rebalancing)");
            return;
        }
        if (router.isSelf(host.get())) {
            answer.accept(local(s));
            return;
        }
        if (ctx.header(Router.FORWARDED) != null) {
            notReady(ctx, "the instances disagree about who holds " + key + " (rebalancing)");
            return;
        }
        forward(ctx, router, host.get());
    }

    private static void forward(Context ctx, Router router, HostInfo host) {
        try {
            HttpResponse<byte[]> response = router.get(host, pathAndQuery(ctx), false);
            ctx.status(response.statusCode());
            response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
            response.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
            ctx.result(response.body());
        } catch (IOException e) {
            notReady(ctx, "instance " + host + " that holds the answer did not reply (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notReady(ctx, "interrupted");
        }
    }

    /**
     * The parts of a list, from every instance holding a part of {@code store}: this instance's
     * part as {@code local} built it (no JSON round trip: at 10k launches that is most of the
     * time), the others' read as {@code type}.
     */
    <T> List<T> gather(Context ctx, String store, Function<LocalQueries, T> local, JavaType type) {
        return gather(ctx, store, local, type, Function.<T>identity());
    }

    /** {@link #gather}, the others' parts read as {@code type} and turned into what {@code local} gives by {@code fromRemote}. */
    <R, T> List<T> gather(Context ctx, String store, Function<LocalQueries, T> local, JavaType type, Function<R, T> fromRemote) {
        return gather(ctx, pathAndQuery(ctx), store, local, type, fromRemote);
    }

    /** {@link #gather}, asking the others for {@code pathAndQuery} (this request with what it resolved, such as an instant). */
    <R, T> List<T> gather(Context ctx, String pathAndQuery, String store, Function<LocalQueries, T> local, JavaType type,
            Function<R, T> fromRemote) {
        LaunchGraphStreams s = streams.get();
        if (s == null) {
            throw new InvalidStateStoreException("launchgraph is starting");
        }
        if (localOnly(ctx)) {
            return List.of(local.apply(local(s)));
        }
        Router router = this.router.get();
        List<HostInfo> hosts = router.hostsOf(store);
        if (hosts.isEmpty()) {
            throw new InvalidStateStoreException("no instance holds " + store + " right now (rebalancing)");
        }
        List<T> parts = new ArrayList<>();
        for (HostInfo host : hosts) {
            if (router.isSelf(host)) {
                parts.add(local.apply(local(s)));
                continue;
            }
            try {
                HttpResponse<byte[]> response = router.get(host, pathAndQuery, true);
                if (response.statusCode() != 200) {
                    throw new InvalidStateStoreException("instance " + host + " answered " + response.statusCode());
                }
                parts.add(fromRemote.apply(HttpApi.JSON.readValue(response.body(), type)));
            } catch (IOException e) {
                throw new InvalidStateStoreException("instance " + host + " did not reply (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidStateStoreException("interrupted");
            }
        }
        return parts;
    }

    /**
     * This instance's queries. With several graph partitions, the launches it answers are those
     * its graph partitions own: every instance holds the whole history, and answers the past of
     * those alone, as it answers their present (decision 47).
     */
    private LocalQueries local(LaunchGraphStreams s) {
        GraphPartitions partitions = s.graphPartitions();
        if (partitions.count() == 1) {
            return new LocalQueries(s, ready);
        }
        Set<Integer> here = s.localGraphPartitions();
        return new LocalQueries(s, ready, id -> here.contains(partitions.ownerOf(id)));
    }

    /**
     * Whether more than one instance holds a part of {@code store}, so that what a key's instance
     * holds of it is not all (decision 47). On one graph partition one instance holds it all.
     */
    boolean spread(String store) {
        LaunchGraphStreams s = streams.get();
        if (s == null || s.graphPartitions().count() == 1) {
            return false;
        }
        return router.get().hostsOf(store).size() > 1;
    }

    /** The Jackson type of a list of {@code element}. */
    static JavaType listOf(Class<?> element) {
        return HttpApi.JSON.getTypeFactory().constructCollectionType(List.class, element);
    }

    private static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    static void notReady(Context ctx, String why) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, "not ready: " + why + "; retry in a moment");
    }

    /** Set as the result, not written: error handlers run after Javalin may have set one, which this replaces. */
    static void error(Context ctx, int status, String message) {
        ctx.status(status).json(new Views.Error(status, message));
    }

    /** {@code value} as JSON, the body of the response (see {@link #sendJson(Context, byte[])}). */
    static void sendJson(Context ctx, Object value) {
        try {
            sendJson(ctx, HttpApi.JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Bytes of JSON, the body of the response: written to its stream (compressed where Javalin
     * would compress) rather than set as the result, which Javalin copies through a new 32 KB
     * buffer per response (half of what the server's threads allocated under the steady POSTs,
     * decision 54).
     */
    static void sendJson(Context ctx, byte[] json) {
        ctx.contentType(ContentType.APPLICATION_JSON);
        try {
            ctx.outputStream().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
