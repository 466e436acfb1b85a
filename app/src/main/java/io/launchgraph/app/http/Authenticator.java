package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.launchgraph.app.config.AccessTokens;
import io.launchgraph.app.config.AccessTokens.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens at the door (a Javalin {@code before} handler on every path): health checks,
 * {@code POST /auth} and the page's static files are open; every other request needs a token of
 * {@code http.tokens}, write for {@code POST /events} and {@code POST /import}, read for the rest.
 * A token comes in {@code Authorization: Bearer} or, for the web page, in the cookie that
 * {@code POST /auth} sets (EventSource and download links cannot send a header). No answer ever
 * contains the presented token.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    /** The most a refused request's body is read for: well past any request size limit in use, a few seconds on loopback. */
    private static final long DRAIN_LIMIT = 64L << 20;
    static final String COOKIE = "launchgraph_token";
    private static final List<String> OPEN = List.of("/health", "/health/live", "/health/ready", "/auth");
    /** The page's files (app/src/main/web/public): no data in them, and the page must load to ask for a token. */
    private static final List<String> STATIC_PREFIXES = List.of("/css/", "/js/", "/vendor/");

    private final AccessTokens tokens;
    private final boolean secure;

    Authenticator(AccessTokens tokens, boolean secure) {
        this.tokens = tokens;
        this.secure = secure;
    }

    /** The before handler: passes, or throws 401 (no or unknown token) or 403 (a read token on a write). */
    void check(Context ctx) {
        String path = ctx.path();
        if (isOpen(path)) {
            return;
        }
        Optional<String> presented = presented(ctx);
        if (presented.isEmpty()) {
            throw unauthorized(ctx, "this API needs a token: send Authorization: Bearer TOKEN (a token of http.tokens)");
        }
        Role role = tokens.roleOf(presented.get()).orElseThrow(() ->
                unauthorized(ctx, "the token is not one of this service's tokens (http.tokens)"));
        Role needed = needs(ctx.method().name(), path);
        if (!role.allows(needed)) {
            drainBody(ctx);
            throw new HttpResponseException(403, "a " + role.label() + " token may not " + ctx.method().name() + " " + path
                    + "; that needs a " + needed.label() + " token", Map.of());
        }
    }

    /** {@code POST /auth}: checks a token and keeps it in an HttpOnly cookie for the page's requests. */
    void signIn(Context ctx) {
        String token;
        try {
            token = HttpApi.JSON.readTree(ctx.bodyAsBytes()).path("token").asText("");
        } catch (java.io.IOException e) {
            throw new HttpResponseException(400, "send {\"token\": \"...\"}", Map.of());
        }
        if (tokens.isEmpty()) {
            ctx.json(Map.of("role", Role.WRITE.label(), "required", false));
            return;
        }
        Role role = tokens.roleOf(token.trim()).orElseThrow(() ->
                unauthorized(ctx, "the token is not one of this service's tokens (http.tokens)"));
        // A session cookie: gone when the browser closes. Strict: no other site's page can make the browser send it.
        ctx.header("Set-Cookie", COOKIE + "=" + token.trim() + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
        ctx.json(Map.of("role", role.label(), "required", true));
    }

    static boolean isOpen(String path) {
        if (OPEN.contains(path) || path.equals("/") || path.equals("/index.html")) {
            return true;
        }
        return !path.contains("..") && STATIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /** Writes need write; everything else, what-ifs included (they store nothing), needs read. */
    static Role needs(String method, String path) {
        boolean write = method.equals("POST") && (path.equals("/events") || path.startsWith("/import/") || path.equals("/import"));
        return write ? Role.WRITE : Role.READ;
    }

    private static Optional<String> presented(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim()).filter(t -> !t.isEmpty());
        }
        return Optional.ofNullable(ctx.cookie(COOKIE)).filter(t -> !t.isEmpty());
    }

    private static HttpResponseException unauthorized(Context ctx, String why) {
        drainBody(ctx);
        ctx.header("WWW-Authenticate", "Bearer realm=\"launchgraph\"");
        return new HttpResponseException(401, why, Map.of());
    }

    /**
     * Reads a refused request's body before the refusal is sent. Answering while the client is
     * still sending makes Jetty close the connection with the body unread, and the client's TCP
     * stack may then drop the answer on the reset: the caller would see a broken connection, not
     * its 401 or 403 (seen with a 300 KB POST /events under a read token). The body is read and
     * thrown away in chunks, so that a body over the request size limit is drained too (a 2 MB one
     * lost its answer on a loaded machine when only bodies under the limit were); past
     * {@link #DRAIN_LIMIT} the connection is closed instead.
     */
    static void drainBody(Context ctx) {
        if (ctx.contentLength() > DRAIN_LIMIT) {
            return;
        }
        if (ctx.contentLength() > 0 || "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"))) {
            byte[] chunk = new byte[64 * 1024];
            long drained = 0;
            try (InputStream in = ctx.req().getInputStream()) {
                for (int n = in.read(chunk); n >= 0 && drained <= DRAIN_LIMIT; n = in.read(chunk)) {
                    drained += n;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("The body of a refused request could not be read: {}", e.toString());
            }
        }
    }

    /**
     * Where the API may listen: anywhere with tokens; without, only on the loopback interface,
     * whatever {@code http.host} asks, so that an API nobody secured is never reachable from
     * another machine by accident.
     */
    static String bindHost(String host, AccessTokens tokens) {
        if (!tokens.isEmpty() || isLoopback(host)) {
            return host;
        }
        LOG.warn("No token is configured (http.tokens), so the HTTP API listens on 127.0.0.1 only, not on {} as http.host asks:"
                + " anyone who reached it could read and write everything. Set http.tokens (LAUNCHGRAPH_HTTP_TOKENS),"
                + " e.g. write:$(openssl rand -hex 24), to listen on {}.", host, host);
        return "127.0.0.1";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
