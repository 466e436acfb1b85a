package io.launchgraph.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.launchgraph.app.ingest.EventBatch;
import io.launchgraph.app.ingest.EventPublisher;
import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.topology.StateStores;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (see openapi.json). Any instance answers any query: a key goes to the instance
 * that holds it, lists are gathered from every instance that holds a part.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final List<String> FORECAST_STATES = Arrays.stream(ForecastState.values()).map(Enum::name).toList();

    /** Limits and names the API needs. */
    public record Options(String host, int port, String advertisedUrl, long maxBodyBytes, int maxEvents) {}

    private final Javalin app;
    private final Options options;
    private final PrometheusMeterRegistry metrics;
    private final byte[] openApi;
    private volatile LaunchGraphStreams streams;
    private volatile EventPublisher publisher;
    private volatile Router router;

    private HttpApi(Options options, PrometheusMeterRegistry metrics) {
        this.options = options;
        this.metrics = metrics;
        this.openApi = resource("/openapi.json");
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            // Jetty refuses bigger bodies before we see them; we answer that 400, as for any bad request.
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(JSON, false));
            config.requestLogger.http(this::record);
            for (Route r : routes()) {
                if (r.method().equals("POST")) {
                    config.routes.post(r.path(), r.handler());
                } else {
                    config.routes.get(r.path(), r.handler());
                }
            }
            config.routes.exception(InvalidStateStoreException.class, (e, ctx) -> notReady(ctx, e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e instanceof ContentTooLargeResponse || e.getStatus() == 413) {
                    // A bad request like any other (and Jetty stops reading before we could count).
                    error(ctx, 400, "request body is larger than the limit of " + options.maxBodyBytes()
                            + " bytes; send the events in several requests");
                } else {
                    error(ctx, e.getStatus(), e.getMessage());
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            });
            config.routes.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path()));
        });
    }

    /** Starts listening (port 0 picks a free one); queries answer 503 until {@link #attach}. */
    public static HttpApi start(Options options, PrometheusMeterRegistry metrics) {
        HttpApi api = new HttpApi(options, metrics);
        api.app.start();
        api.router = new Router(() -> api.streams == null ? null : api.streams.streams(), api.advertised());
        LOG.info("HTTP API listening on http://{}:{} (advertised as {})", options.host(), api.port(), api.advertisedUrl());
        return api;
    }

    public int port() {
        return app.port();
    }

    /** How other instances reach this one: the {@code application.server} of Kafka Streams. */
    public HostInfo advertised() {
        if (!options.advertisedUrl().isBlank()) {
            java.net.URI u = java.net.URI.create(options.advertisedUrl());
            return new HostInfo(u.getHost(), u.getPort() < 0 ? port() : u.getPort());
        }
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return new HostInfo(host, port());
    }

    public String advertisedUrl() {
        HostInfo h = advertised();
        return "http://" + h.host() + ":" + h.port();
    }

    /** Starts answering from {@code streams}, and publishing through {@code publisher}. */
    public void attach(LaunchGraphStreams streams, EventPublisher publisher) {
        this.streams = streams;
        this.publisher = publisher;
    }

    @Override
    public void close() {
        app.stop();
    }

    // --- health, metrics ---

    private Views.Health currentHealth() {
        LaunchGraphStreams s = streams;
        if (s == null) {
            return new Views.Health("STARTING", "NOT_STARTED", true, false);
        }
        KafkaStreams.State state = s.streams().state();
        boolean live = state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED;
        boolean ready = state == KafkaStreams.State.RUNNING;
        return new Views.Health(ready ? "UP" : live ? "STARTING" : "DOWN", state.name(), live, ready);
    }

    private void health(Context ctx) {
        Views.Health h = currentHealth();
        if (!h.ready()) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        ctx.status(h.ready() ? 200 : 503).json(h);
    }

    private void live(Context ctx) {
        Views.Health h = currentHealth();
        ctx.status(h.live() ? 200 : 503).json(h);
    }

    private void ready(Context ctx) {
        health(ctx);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private void record(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        Timer.builder("launchgraph.http.requests")
                .description("HTTP requests served, by route and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .register(metrics)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    // --- ingest ---

    private void postEvents(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > options.maxBodyBytes()) {
            error(ctx, 400, "request body of " + body.length + " bytes is larger than the limit of " + options.maxBodyBytes() + " bytes");
            return;
        }
        String type = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
        boolean jsonLines = type.contains("ndjson") || type.contains("jsonl") || type.contains("json-seq");
        EventBatch batch = EventBatch.parse(body, jsonLines, options.maxEvents());
        if (!batch.accepted()) {
            List<Views.Refusal> refused = batch.problems().stream()
                    .map(p -> new Views.Refusal(p.index(), p.line(), p.rejection().code(), p.rejection().message()))
                    .toList();
            int total = batch.events().size() + batch.problems().size();
            ctx.status(400).json(new Views.Refused(
                    refused.size() + " of " + total + " events refused; nothing was published", 0, refused));
            return;
        }
        EventPublisher p = publisher;
        if (p == null) {
            notReady(ctx, "launchgraph is starting; not publishing yet");
            return;
        }
        try {
            p.publish(batch.events());
        } catch (KafkaException e) {
            LOG.warn("Publishing {} events failed", batch.events().size(), e);
            notReady(ctx, "Kafka did not take the events (" + e.getMessage() + "); nothing was published; retry");
            return;
        }
        ctx.status(202).json(new Views.Accepted(batch.events().size()));
    }

    // --- queries ---

    private void launch(Context ctx) {
        String id = ctx.pathParam("id");
        keyed(ctx, StateStores.LAUNCH_ANSWERS.name(), id, local -> local.launch(id), "no launch " + id);
    }

    private void milestone(Context ctx) {
        String id = ctx.pathParam("id");
        keyed(ctx, StateStores.MILESTONE_STATE.name(), id, local -> local.milestone(id), "no milestone " + id);
    }

    private void teamBlocking(Context ctx) {
        String id = ctx.pathParam("id");
        keyed(ctx, StateStores.TEAM_BLOCKING.name(), id, local -> Optional.of(local.team(id)), null);
    }

    private void launches(Context ctx) {
        LocalQueries.LaunchFilter filter = launchFilter(ctx);
        int offset = intParam(ctx, "offset", 0);
        int limit = intParam(ctx, "limit", 1000);
        Comparator<Views.Launch> order = launchOrder(ctx);
        List<Views.Launch> all = new ArrayList<>();
        for (JsonNode part : gather(ctx, StateStores.LAUNCH_ANSWERS.name(), local -> local.launches(filter))) {
            part.forEach(n -> all.add(JSON.convertValue(n, Views.Launch.class)));
        }
        all.sort(order);
        if (ctx.header(Router.LOCAL_ONLY) != null) {
            ctx.json(all);
            return;
        }
        List<Views.Launch> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        ctx.json(new Views.Launches(all.size(), offset, page));
    }

    /** By launch id; with {@code sort=slip}, most days late first, launches without a dated forecast last. */
    private static Comparator<Views.Launch> launchOrder(Context ctx) {
        Comparator<Views.Launch> byId = Comparator.comparing(Views.Launch::launchId);
        return switch (Optional.ofNullable(ctx.queryParam("sort")).orElse("id")) {
            case "id" -> byId;
            case "slip" -> Comparator.comparing(Views.Launch::slipDays, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(byId);
            default -> throw new HttpResponseException(400, "sort must be id or slip, not \"" + ctx.queryParam("sort") + "\"", Map.of());
        };
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
        for (JsonNode part : gather(ctx, StateStores.TEAM_BLOCKING.name(), LocalQueries::teamCounts)) {
            part.forEach(n -> merged.merge(n.get("teamId").asText(), JSON.convertValue(n, Views.TeamCount.class),
                    (a, b) -> new Views.TeamCount(a.teamId(), a.count() + b.count(), a.lateLaunches() + b.lateLaunches(),
                            a.slipDays() + b.slipDays())));
        }
        List<Views.TeamCount> ranking = new ArrayList<>(merged.values());
        ranking.sort(order);
        if (ctx.header(Router.LOCAL_ONLY) != null) {
            ctx.json(ranking);
        } else {
            ctx.json(new Views.Teams(ranking));
        }
    }

    private LocalQueries.LaunchFilter launchFilter(Context ctx) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse("open").toLowerCase(Locale.ROOT);
        Boolean open = switch (state) {
            case "open" -> Boolean.TRUE;
            case "closed" -> Boolean.FALSE;
            case "all" -> null;
            default -> throw new HttpResponseException(400, "state must be open, closed or all, not \"" + state + "\"", Map.of());
        };
        String blocked = ctx.queryParam("blocked");
        if (blocked != null && !blocked.equals("true") && !blocked.equals("false")) {
            throw new HttpResponseException(400, "blocked must be true or false, not \"" + blocked + "\"", Map.of());
        }
        Map<String, String> labels = new TreeMap<>();
        for (String label : ctx.queryParams("label")) {
            int colon = label.indexOf(':');
            if (colon <= 0) {
                throw new HttpResponseException(400, "label must be key:value, e.g. market:DE, not \"" + label + "\"", Map.of());
            }
            labels.put(label.substring(0, colon), label.substring(colon + 1));
        }
        Set<String> forecasts = new TreeSet<>();
        for (String list : ctx.queryParams("forecast")) {
            for (String one : list.split(",", -1)) {
                String wanted = one.trim().toUpperCase(Locale.ROOT);
                if (!FORECAST_STATES.contains(wanted)) {
                    throw new HttpResponseException(400, "forecast must be one of " + String.join(", ", FORECAST_STATES)
                            + " (or several, comma-separated), not \"" + one + "\"", Map.of());
                }
                forecasts.add(wanted);
            }
        }
        Integer slippedBy = ctx.queryParam("slippedBy") == null ? null : intParam(ctx, "slippedBy", 0);
        return new LocalQueries.LaunchFilter(
                open, blocked == null ? null : Boolean.valueOf(blocked), ctx.queryParam("team"), labels, forecasts, slippedBy);
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new HttpResponseException(400, name + " must be a whole number of at least 0, not \"" + v + "\"", Map.of());
        }
    }

    /** Answers a query about one key from the instance that holds it. */
    private void keyed(Context ctx, String store, String key, Function<LocalQueries, Optional<?>> local, String notFound) {
        LaunchGraphStreams s = streams;
        if (s == null) {
            notReady(ctx, "launchgraph is starting");
            return;
        }
        Optional<HostInfo> host = router.hostOf(store, key);
        if (host.isEmpty()) {
            notReady(ctx, "no instance holds " + store + " right now (rebalancing)");
            return;
        }
        if (router.isSelf(host.get())) {
            Optional<?> answer = local.apply(new LocalQueries(s));
            if (answer.isPresent()) {
                ctx.json(answer.get());
            } else {
                error(ctx, 404, notFound);
            }
            return;
        }
        if (ctx.header(Router.FORWARDED) != null) {
            notReady(ctx, "the instances disagree about who holds " + key + " (rebalancing)");
            return;
        }
        forward(ctx, host.get());
    }

    private void forward(Context ctx, HostInfo host) {
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

    /** The local parts of a list, from every instance holding a part of {@code store}. */
    private List<JsonNode> gather(Context ctx, String store, Function<LocalQueries, Object> local) {
        LaunchGraphStreams s = streams;
        if (s == null) {
            throw new InvalidStateStoreException("launchgraph is starting");
        }
        if (ctx.header(Router.LOCAL_ONLY) != null) {
            return List.of(JSON.valueToTree(local.apply(new LocalQueries(s))));
        }
        List<HostInfo> hosts = router.hostsOf(store);
        if (hosts.isEmpty()) {
            throw new InvalidStateStoreException("no instance holds " + store + " right now (rebalancing)");
        }
        List<JsonNode> parts = new ArrayList<>();
        for (HostInfo host : hosts) {
            if (router.isSelf(host)) {
                parts.add(JSON.valueToTree(local.apply(new LocalQueries(s))));
                continue;
            }
            try {
                HttpResponse<byte[]> response = router.get(host, pathAndQuery(ctx), true);
                if (response.statusCode() != 200) {
                    throw new InvalidStateStoreException("instance " + host + " answered " + response.statusCode());
                }
                parts.add(JSON.readTree(response.body()));
            } catch (IOException e) {
                throw new InvalidStateStoreException("instance " + host + " did not reply (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidStateStoreException("interrupted");
            }
        }
        return parts;
    }

    private static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static void notReady(Context ctx, String why) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, "not ready: " + why + "; retry in a moment");
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(new Views.Error(status, message));
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One route of the API. */
    public record Route(String method, String path, io.javalin.http.Handler handler) {}

    /** Every route served: the one table the server and the OpenAPI check both read. */
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/health", this::health),
                new Route("GET", "/health/live", this::live),
                new Route("GET", "/health/ready", this::ready),
                new Route("GET", "/metrics", this::metrics),
                new Route("GET", "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi)),
                new Route("POST", "/events", this::postEvents),
                new Route("GET", "/launches", this::launches),
                new Route("GET", "/launches/{id}", this::launch),
                new Route("GET", "/teams", this::teams),
                new Route("GET", "/teams/{id}/blocking", this::teamBlocking),
                new Route("GET", "/milestones/{id}", this::milestone));
    }
}
