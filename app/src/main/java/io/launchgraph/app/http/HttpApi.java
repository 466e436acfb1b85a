package io.launchgraph.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.launchgraph.app.config.AccessTokens;
import io.launchgraph.app.ingest.EventBatch;
import io.launchgraph.app.ingest.EventPublisher;
import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.app.whatif.WhatIfReplica;
import io.launchgraph.topology.StoresListener;
import io.launchgraph.topology.WhatIf;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.server.HttpConnectionFactory;
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

    /**
     * Limits, names and security of the API.
     *
     * @param writesPerClient requests a second one client may write (0: no limit); {@code writesTotal} all together
     * @param tokens the bearer tokens; none: no authentication, and the API listens on 127.0.0.1 only
     * @param peerToken the token presented to peers when forwarding; empty: the tokens' own choice
     */
    public record Options(String host, int port, String advertisedUrl, long maxBodyBytes, int maxEvents, int writesPerClient, int writesTotal,
            AccessTokens tokens, String peerToken, Tls tls) {
        public Options(String host, int port, String advertisedUrl, long maxBodyBytes, int maxEvents) {
            this(host, port, advertisedUrl, maxBodyBytes, maxEvents, 0, 0);
        }

        public Options(String host, int port, String advertisedUrl, long maxBodyBytes, int maxEvents, int writesPerClient, int writesTotal) {
            this(host, port, advertisedUrl, maxBodyBytes, maxEvents, writesPerClient, writesTotal, AccessTokens.NONE, "", Tls.OFF);
        }

        /** The credential forwarded requests carry, if any. */
        Optional<String> forwardingToken() {
            return peerToken == null || peerToken.isBlank() ? tokens.peerToken() : Optional.of(peerToken);
        }
    }

    private final Javalin app;
    private final Options options;
    private final RateLimiter writes;
    private final Authenticator auth;
    private final String bindHost;
    private final PrometheusMeterRegistry metrics;
    private final byte[] openApi;
    private volatile LaunchGraphStreams streams;
    private volatile EventPublisher publisher;
    private volatile WhatIfReplica whatIf;
    private volatile LiveFeed live;
    private volatile Router router;
    private final ReadyViews ready = new ReadyViews();
    private final Routing routing = new Routing(() -> streams, () -> router, ready);

    private HttpApi(Options options, PrometheusMeterRegistry metrics) {
        this.options = options;
        this.writes = new RateLimiter(options.writesPerClient(), options.writesTotal(), System::nanoTime);
        this.auth = new Authenticator(options.tokens(), options.tls().enabled());
        this.bindHost = Authenticator.bindHost(options.host(), options.tokens());
        this.metrics = metrics;
        this.openApi = resource("/openapi.json");
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = bindHost;
            config.jetty.port = options.port();
            if (options.tls().enabled()) {
                // The one connector: HTTPS only, so that no token ever crosses the network in the clear.
                config.jetty.addConnector((server, http) -> options.tls().connector(server, http, bindHost, options.port()));
            }
            // Jetty refuses bigger bodies before we see them; we answer that 400, as for any bad request.
            config.http.maxRequestSize = options.maxBodyBytes();
            // The same limit for an import sent as multipart/form-data (export and mapping together).
            config.jetty.multipartConfig.maxTotalRequestSize(options.maxBodyBytes(), io.javalin.config.SizeUnit.BYTES);
            config.jsonMapper(new JavalinJackson(JSON, false));
            if (!options.tokens().isEmpty()) {
                // First, so that nobody without a token learns anything, not even a rate limit.
                config.routes.before(auth::check);
            }
            // Writes are limited per client and in all before anything reads their bodies; sign-ins too, against guessing.
            config.routes.before("/events", this::limitWrites);
            config.routes.before("/import/*", this::limitWrites);
            config.routes.before("/auth", this::limitWrites);
            // Jetty keeps a cache of header fields per connection from its second request on, about
            // 100 KB each: a client holding thousands of keep-alive connections (single POSTs at 1k a
            // second while answers trail) made those caches a third of a 1 GB heap (docs/performance.md).
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            // Jetty's own refusals (bad paths, bad headers) answer in the API's JSON error form too.
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.requestLogger.http(this::record);
            // The web page (app/src/main/web, vendored libraries included): routes win over these files.
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
            });
            for (Route r : routes()) {
                if (r.method().equals("POST")) {
                    config.routes.post(r.path(), r.handler());
                } else {
                    config.routes.get(r.path(), r.handler());
                }
            }
            config.routes.exception(InvalidStateStoreException.class, (e, ctx) -> Routing.notReady(ctx, e.getMessage()));
            config.routes.exception(WhatIfReplica.NotReady.class, (e, ctx) -> Routing.notReady(ctx, e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e instanceof ContentTooLargeResponse || e.getStatus() == 413) {
                    // A bad request like any other (and Jetty stops reading before we could count);
                    // drained like a refusal, so that the client reads the answer.
                    Authenticator.drainBody(ctx);
                    Routing.error(ctx, 400, "request body is larger than the limit of " + options.maxBodyBytes()
                            + " bytes; send the events in several requests");
                } else {
                    Routing.error(ctx, e.getStatus(), e.getMessage());
                }
            });
            config.routes.exception(Exception.class, HttpApi::internalError);
            config.routes.error(405, ctx -> Routing.error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path()));
        });
    }

    /** Starts listening (port 0 picks a free one); queries answer 503 until {@link #attach}. */
    public static HttpApi start(Options options, PrometheusMeterRegistry metrics) {
        HttpApi api = new HttpApi(options, metrics);
        api.app.start();
        api.router = new Router(() -> api.streams == null ? null : api.streams.streams(), api.advertised(), options.tls(),
                options.forwardingToken());
        LOG.info("HTTP API listening on {}://{}:{} (advertised as {}; {}; {})", options.tls().scheme(), api.bindHost, api.port(),
                api.advertisedUrl(), options.tls(), options.tokens().isEmpty() ? "no tokens: open to anyone who reaches it" : options.tokens());
        return api;
    }

    private void limitWrites(Context ctx) {
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        RateLimiter.Decision d = writes.acquire(ctx.ip());
        if (!d.allowed()) {
            ctx.header("Retry-After", Long.toString(d.retryAfterSeconds()));
            throw new HttpResponseException(429, "too many writes: at most " + options.writesPerClient() + " a second from one client and "
                    + options.writesTotal() + " from all (http.write.rate.per.client, http.write.rate.total); retry after "
                    + d.retryAfterSeconds() + " s", Map.of());
        }
    }

    /**
     * The last resort for a failed request: logs it and answers 500. It must never throw: Javalin
     * hands an exception thrown here back to the handler of its type, this one, forever (javalin
     * issue 2422). That happened when a live reader left and its recycled request was asked for
     * its path: one thread spun, logging, until the process stopped.
     */
    static void internalError(Exception e, Context ctx) {
        try {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            Routing.error(ctx, 500, "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (RuntimeException gone) {
            LOG.debug("A failed request could not be answered (its client has gone)", gone);
        }
    }

    public int port() {
        return app.port();
    }

    /** Each HTTP connector's header cache size: 0, none kept per connection. */
    List<Integer> headerCacheSizes() {
        return Arrays.stream(app.jettyServer().server().getConnectors())
                .map(c -> c.getConnectionFactory(HttpConnectionFactory.class))
                .filter(Objects::nonNull)
                .map(f -> f.getHttpConfiguration().getHeaderCacheSize())
                .toList();
    }

    /** How other instances reach this one: the {@code application.server} of Kafka Streams. */
    public HostInfo advertised() {
        if (!options.advertisedUrl().isBlank()) {
            java.net.URI u = java.net.URI.create(options.advertisedUrl());
            return new HostInfo(u.getHost(), u.getPort() < 0 ? port() : u.getPort());
        }
        String host = bindHost;
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
        return options.tls().scheme() + "://" + h.host() + ":" + h.port();
    }

    /**
     * Starts answering from {@code streams} and {@code whatIf}, publishing through
     * {@code publisher} and streaming the changes of {@code live}.
     */
    public void attach(LaunchGraphStreams streams, EventPublisher publisher, WhatIfReplica whatIf, LiveFeed live) {
        ready.storesReplaced();
        this.streams = streams;
        this.publisher = publisher;
        this.whatIf = whatIf;
        this.live = live;
    }

    /** To be told when the graph task changes the stores: answers are kept ready to send until then. */
    public StoresListener storesListener() {
        return ready;
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
        ctx.status(h.ready() ? 200 : 503);
        Routing.sendJson(ctx, h);
    }

    private void live(Context ctx) {
        Views.Health h = currentHealth();
        ctx.status(h.live() ? 200 : 503);
        Routing.sendJson(ctx, h);
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
            Routing.error(ctx, 400, "request body of " + body.length + " bytes is larger than the limit of " + options.maxBodyBytes() + " bytes");
            return;
        }
        EventBatch batch = EventBatch.parse(body, isJsonLines(ctx), options.maxEvents());
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
            Routing.notReady(ctx, "launchgraph is starting; not publishing yet");
            return;
        }
        try {
            p.publish(batch.events());
        } catch (KafkaException e) {
            LOG.warn("Publishing {} events failed", batch.events().size(), e);
            Routing.notReady(ctx, "Kafka did not take the events (" + e.getMessage() + "); nothing was published; retry");
            return;
        }
        ctx.status(202);
        Routing.sendJson(ctx, new Views.Accepted(batch.events().size()));
    }

    /** Whether a body is JSON Lines (one value per line) rather than one JSON value, by its content type. */
    static boolean isJsonLines(Context ctx) {
        String type = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
        return type.contains("ndjson") || type.contains("jsonl") || type.contains("json-seq");
    }

    /**
     * Writes a large answer (what-ifs, changes: megabytes at 100k milestones) straight to the
     * response, rather than building it as one string first.
     */
    static void streamJson(Context ctx, Object answer) {
        ctx.contentType("application/json");
        try {
            STREAMING.writeValue(ctx.outputStream(), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectWriter STREAMING =
            JSON.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);

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

    /** This instance's what-if replica once it has read the organisation; else {@link WhatIfReplica.NotReady}, a 503. */
    private WhatIf whatIf() {
        WhatIfReplica replica = whatIf;
        if (replica == null) {
            throw new WhatIfReplica.NotReady("launchgraph is starting");
        }
        return replica.whatIf();
    }

    /** One route of the API. */
    public record Route(String method, String path, io.javalin.http.Handler handler) {}

    /** Every route served: the one table the server and the OpenAPI check both read. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(List.of(
                new Route("GET", "/health", this::health),
                new Route("GET", "/health/live", this::live),
                new Route("GET", "/health/ready", this::ready),
                new Route("GET", "/metrics", this::metrics),
                new Route("GET", "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi)),
                new Route("POST", "/auth", auth::signIn),
                new Route("POST", "/events", this::postEvents)));
        routes.addAll(new LaunchResource(routing).routes());
        routes.addAll(new TeamResource(routing).routes());
        routes.addAll(new MilestoneResource(routing).routes());
        routes.addAll(new ReportResource(routing).routes());
        routes.addAll(new GraphResource(this::whatIf).routes());
        routes.addAll(new WhatIfResource(this::whatIf, options.maxBodyBytes()).routes());
        routes.addAll(new ImportResource(this::whatIf, () -> publisher, options.maxBodyBytes()).routes());
        routes.addAll(new LiveResource(() -> live).routes());
        return routes;
    }
}
