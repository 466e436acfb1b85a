package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.launchgraph.app.config.AccessTokens;
import io.launchgraph.app.config.AccessTokens.Role;
import io.launchgraph.app.testing.SelfSigned;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens and TLS at the HTTP API's door, on an API with nothing behind it (no Kafka): a request
 * that passes the door answers 503 "starting", one that does not answers 401 or 403.
 */
class ApiSecurityTest {
    private static final String READER = "reader-0123456789abcdef";
    private static final String WRITER = "writer-0123456789abcdef";
    private static final AccessTokens TOKENS = AccessTokens.parse("read:" + READER + ",write:" + WRITER);
    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpApi start(Tls tls) {
        return HttpApi.start(new HttpApi.Options("127.0.0.1", 0, "", 1 << 20, 100, 0, 0, TOKENS, "", tls),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseMissingAndWrongTokensWithoutEchoingThem() throws Exception {
        // given
        try (HttpApi api = start(Tls.OFF)) {
            String base = "http://127.0.0.1:" + api.port();

            // when
            HttpResponse<String> none = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/launches")));
            HttpResponse<String> wrong = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/launches/x"))
                    .header("Authorization", "Bearer guess-" + WRITER));
            HttpResponse<String> wrongCookie = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/changes/stream"))
                    .header("Cookie", Authenticator.COOKIE + "=guess-" + READER));

            // then
            for (HttpResponse<String> r : java.util.List.of(none, wrong, wrongCookie)) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(r.body()).startsWith("{\"status\":401,\"error\":").doesNotContain("guess").doesNotContain(READER).doesNotContain(WRITER);
            }
        }
    }

    @Test
    void shouldLetAReadTokenReadAndWhatIfButNotWrite() throws Exception {
        // given
        try (HttpApi api = start(Tls.OFF)) {
            String base = "http://127.0.0.1:" + api.port();

            // when
            HttpResponse<String> read = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/launches")).header("Authorization", "Bearer " + READER));
            HttpResponse<String> whatIf = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/what-if")).header("Authorization", "Bearer " + READER)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"done\":\"m-a\"}")));
            HttpResponse<String> write = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/events")).header("Authorization", "Bearer " + READER)
                    .POST(HttpRequest.BodyPublishers.ofString("[]")));
            HttpResponse<String> importing = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/import/csv"))
                    .header("Authorization", "bearer " + READER).POST(HttpRequest.BodyPublishers.ofString("")));
            HttpResponse<String> writer = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/events")).header("Authorization", "Bearer " + WRITER)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"MilestoneRetired\",\"eventId\":\"e\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"source\":\"t\",\"milestoneId\":\"m\"}")));

            // then: past the door, the empty API answers "starting"; a read token stops at writes
            assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
            assertThat(whatIf.statusCode()).as(whatIf.body()).isEqualTo(503);
            assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
            assertThat(write.body()).contains("\"status\":403", "needs a write token").doesNotContain(READER);
            assertThat(importing.statusCode()).as(importing.body()).isEqualTo(403);
            assertThat(writer.statusCode()).as(writer.body()).isEqualTo(503);
        }
    }

    @Test
    void shouldAnswerARefusedLargeWriteWithItsStatusNotABrokenConnection() throws Exception {
        // given: a body of 2 MB, far more than the socket buffers hold, and over the API's 1 MB request limit
        String body = "x".repeat(2 << 20);
        try (HttpApi api = start(Tls.OFF)) {
            URI events = URI.create("http://127.0.0.1:" + api.port() + "/events");
            for (int i = 0; i < 20; i++) {
                // when: refused at the door while the client is still sending
                HttpResponse<String> readToken = send(PLAIN, HttpRequest.newBuilder(events).header("Authorization", "Bearer " + READER)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                HttpResponse<String> noToken = send(PLAIN, HttpRequest.newBuilder(events).POST(HttpRequest.BodyPublishers.ofString(body)));

                // then: the client reads the refusal (a reset would lose it and throw here)
                assertThat(readToken.statusCode()).isEqualTo(403);
                assertThat(noToken.statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    void shouldLeaveHealthAndThePageOpenAndSignThePageIn() throws Exception {
        // given
        try (HttpApi api = start(Tls.OFF)) {
            String base = "http://127.0.0.1:" + api.port();

            // when
            HttpResponse<String> health = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/health/live")));
            HttpResponse<String> page = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/")));
            HttpResponse<String> script = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/js/api.js")));
            HttpResponse<String> metrics = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/metrics")));
            HttpResponse<String> badSignIn = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/auth"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"guess-" + READER + "\"}")));
            HttpResponse<String> signIn = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/auth"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + READER + "\"}")));
            String cookie = signIn.headers().firstValue("Set-Cookie").orElse("");
            HttpResponse<String> withCookie = send(PLAIN, HttpRequest.newBuilder(URI.create(base + "/launches"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))));

            // then
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>launchgraph");
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(metrics.statusCode()).isEqualTo(401);
            assertThat(badSignIn.statusCode()).isEqualTo(401);
            assertThat(badSignIn.body()).doesNotContain("guess");
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            assertThat(signIn.body()).contains("\"role\":\"read\"").doesNotContain(READER);
            assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain("Secure");
            assertThat(withCookie.statusCode()).as(withCookie.body()).isEqualTo(503);
        }
    }

    @Test
    void shouldSpeakOnlyHttpsWithAKeyStore(@TempDir Path dir) throws Exception {
        // given
        SelfSigned cert = SelfSigned.create(dir);
        Tls tls = new Tls(cert.keystore().toString(), cert.password(), "", cert.truststore().toString(), cert.password());
        try (HttpApi api = start(tls)) {
            HttpClient trusting = tls.client(Duration.ofSeconds(5)).build();

            // when
            HttpResponse<String> secure = send(trusting, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/launches"))
                    .header("Authorization", "Bearer " + READER));
            HttpResponse<String> signIn = send(trusting, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/auth"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + WRITER + "\"}")));

            // then: HTTPS answers, plain HTTP on the same port gets no HTTP answer, and the JDK's trust alone does not trust it
            assertThat(api.advertisedUrl()).startsWith("https://");
            assertThat(secure.statusCode()).as(secure.body()).isEqualTo(503);
            assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("; Secure"));
            assertThat(Role.WRITE.label()).isEqualTo("write");
            assertThatThrownBy(() -> send(PLAIN, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health"))))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> send(PLAIN, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/health"))))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldBindOnlyLoopbackAndWarnWhenAskedForEveryInterfaceWithoutTokens() throws Exception {
        // given: the warning's logger watched
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Authenticator.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (HttpApi api = HttpApi.start(new HttpApi.Options("0.0.0.0", 0, "", 1 << 20, 100), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            // when
            HttpResponse<String> loopback = send(PLAIN, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health/live")));

            // then: answered on loopback, advertised there, refused on every other address this machine has
            assertThat(loopback.statusCode()).isEqualTo(200);
            assertThat(api.advertisedUrl()).isEqualTo("http://127.0.0.1:" + api.port());
            for (java.net.InetAddress other : otherAddresses()) {
                try (java.net.Socket socket = new java.net.Socket()) {
                    assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(other, api.port()), 2000))
                            .as("a connection to %s", other).isInstanceOf(IOException.class);
                }
            }
            assertThat(logged.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(e.getFormattedMessage()).contains("No token is configured (http.tokens)", "127.0.0.1 only", "not on 0.0.0.0",
                        "LAUNCHGRAPH_HTTP_TOKENS");
            });
        } finally {
            logger.detachAppender(logged);
        }
    }

    /** This machine's addresses other than loopback (maybe none, on a machine with loopback only). */
    private static java.util.List<java.net.InetAddress> otherAddresses() throws IOException {
        java.util.List<java.net.InetAddress> found = new java.util.ArrayList<>();
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof java.net.Inet4Address).forEach(found::add);
            }
        }
        return found;
    }

    @Test
    void shouldListenOnLoopbackOnlyWithoutTokens() {
        // when / then
        assertThat(Authenticator.bindHost("0.0.0.0", AccessTokens.NONE)).isEqualTo("127.0.0.1");
        assertThat(Authenticator.bindHost("10.1.2.3", AccessTokens.NONE)).isEqualTo("127.0.0.1");
        assertThat(Authenticator.bindHost("localhost", AccessTokens.NONE)).isEqualTo("localhost");
        assertThat(Authenticator.bindHost("127.0.0.1", AccessTokens.NONE)).isEqualTo("127.0.0.1");
        assertThat(Authenticator.bindHost("0.0.0.0", TOKENS)).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldAskWriteOnlyForWrites() {
        assertThat(Authenticator.needs("POST", "/events")).isEqualTo(Role.WRITE);
        assertThat(Authenticator.needs("POST", "/import/jira")).isEqualTo(Role.WRITE);
        assertThat(Authenticator.needs("POST", "/what-if")).isEqualTo(Role.READ);
        assertThat(Authenticator.needs("GET", "/events")).isEqualTo(Role.READ);
        assertThat(Authenticator.needs("GET", "/changes/stream")).isEqualTo(Role.READ);
        assertThat(Authenticator.isOpen("/health/ready")).isTrue();
        assertThat(Authenticator.isOpen("/js/../launches")).isFalse();
        assertThat(Authenticator.isOpen("/launches")).isFalse();
        assertThat(Authenticator.isOpen("/openapi.json")).isFalse();
    }
}
