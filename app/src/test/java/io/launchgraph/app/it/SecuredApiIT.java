package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.http.Tls;
import io.launchgraph.app.json.EventJson;
import io.launchgraph.app.testing.SelfSigned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with TLS (a self-signed certificate made by keytool) and tokens: refusals without
 * and with the wrong token or role, health open, a key answered through the other instance (which
 * forwards with its own token over HTTPS), plain HTTP refused, and the packaged CLI with a token.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class SecuredApiIT {
    /** Each instance accepts its own read token and the shared write token they forward with. */
    private static final String READ_A = "read-a-" + UUID.randomUUID();
    private static final String READ_B = "read-b-" + UUID.randomUUID();
    private static final String WRITE = "write-" + UUID.randomUUID();
    private static final String LAUNCH = DemoOrganisation.KNOWN_BLOCKED_LAUNCH;

    @Test
    void shouldServeOnlyHttpsAndOnlyTokensTheirRolesAllowAcrossTwoInstances(
            RealKafkaAndRegistry.Infra infra, @TempDir Path certs, @TempDir Path stateA, @TempDir Path stateB) throws Exception {
        // given: two instances of one application, HTTPS with the same certificate, trusting it in each other
        SelfSigned cert = SelfSigned.create(certs);
        Tls tls = new Tls(cert.keystore().toString(), cert.password(), "", cert.truststore().toString(), cert.password());
        String name = "secured-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> secure = Map.of(
                "http.tls.keystore", cert.keystore().toString(), "http.tls.keystore.password", cert.password(),
                "http.tls.truststore", cert.truststore().toString(), "http.tls.truststore.password", cert.password());
        HttpClient trusting = tls.client(Duration.ofSeconds(5)).build();
        try (RunningService a = new RunningService(infra, stateA, name, name + ".", with(secure, "http.tokens", "read:" + READ_A + ",write:" + WRITE));
             RunningService b = new RunningService(infra, stateB, name, name + ".", with(secure, "http.tokens", "read:" + READ_B + ",write:" + WRITE))) {
            ApiClient anonymousA = new ApiClient(a.url, null, trusting);
            ApiClient readerA = anonymousA.withToken(READ_A);
            ApiClient readerB = new ApiClient(b.url, READ_B, trusting);
            assertThat(a.url).startsWith("https://127.0.0.1:");
            assertThat(b.url).startsWith("https://127.0.0.1:");

            // when: the demo organisation written with the write token
            String demo = String.join("\n", DemoOrganisation.events().stream().map(e -> EventJson.toJson(e).toString()).toList());
            RunningService.Response written = anonymousA.withToken(WRITE).post("/events", "application/x-ndjson", demo);

            // then: accepted, and answered by both instances with their own read tokens
            assertThat(written.status()).as(written.raw().body()).isEqualTo(202);
            for (ApiClient reader : List.of(readerA, readerB)) {
                await("the demo answered at " + reader.url()).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    RunningService.Response r = reader.get("/launches?limit=0");
                    return r.status() == 200 && r.body().path("counts").path("blocked").asInt() == 19;
                });
            }
            // and: the launch from both: one instance holds it and the other forwards, with its own (write) token,
            // since the caller's read token is not one the holder accepts
            RunningService.Response fromA = readerA.get("/launches/" + LAUNCH);
            RunningService.Response fromB = readerB.get("/launches/" + LAUNCH);
            assertThat(fromA.status()).as(fromA.raw().body()).isEqualTo(200);
            assertThat(fromB.status()).as(fromB.raw().body()).isEqualTo(200);
            assertThat(fromA.body()).isEqualTo(fromB.body());
            assertThat(fromA.body().path("blocked").asBoolean()).isTrue();
            assertThat(readerB.withToken(READ_A).get("/launches/" + LAUNCH).status()).as("A's read token at B").isEqualTo(401);

            // and: refusals, none echoing a token
            RunningService.Response none = anonymousA.get("/launches/" + LAUNCH);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(none.body().path("status").asInt()).isEqualTo(401);
            RunningService.Response wrong = anonymousA.withToken("guess-" + WRITE).get("/launches?blocked=true");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.raw().body()).doesNotContain("guess").doesNotContain(WRITE).doesNotContain(READ_A);
            RunningService.Response readWrites = readerA.post("/events", "application/x-ndjson", demo);
            assertThat(readWrites.status()).isEqualTo(403);
            assertThat(readWrites.raw().body()).contains("write").doesNotContain(READ_A);
            // and: a what-if is a read
            RunningService.Response whatIf = readerB.post("/what-if", "application/json",
                    "{\"slip\":{\"milestoneId\":\"" + DemoOrganisation.SLIPPED_ON_TUESDAY + "\",\"days\":14}}");
            assertThat(whatIf.status()).as(whatIf.raw().body()).isEqualTo(200);
            assertThat(whatIf.body().path("changed")).isNotEmpty();
            // and: health stays open for probes
            assertThat(anonymousA.get("/health/ready").status()).isEqualTo(200);
            assertThat(new ApiClient(b.url, null, trusting).get("/health/live").status()).isEqualTo(200);
            // and: plain HTTP on the HTTPS port gets no HTTP answer, nor HTTPS from a client that does not trust the certificate
            String plain = a.url.replace("https://", "http://");
            assertThatThrownBy(() -> new ApiClient(plain).withToken(READ_A).get("/launches?limit=0"))
                    .isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> new ApiClient(a.url).get("/health"))
                    .isInstanceOf(UncheckedIOException.class);

            cli(a.url, cert);
        }
    }

    /** The packaged CLI: --token, then LAUNCHGRAPH_TOKEN; a wrong token is one line and a failure. */
    private static void cli(String url, SelfSigned cert) throws IOException, InterruptedException {
        // when: --token and --truststore
        try (JarProcess flags = new JarProcess("query", "launch", LAUNCH, "--url", url, "--token", READ_A,
                "--truststore", cert.truststore().toString(), "--truststore-password", cert.password())) {
            // then
            assertThat(flags.exitCode(Duration.ofMinutes(1))).as("errors %s", flags.err).isZero();
            await("its output").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(String.join("\n", flags.out)).contains(LAUNCH, "BLOCKED"));
        }
        // when: the same from the environment
        Map<String, String> env = Map.of("LAUNCHGRAPH_TOKEN", READ_A, "LAUNCHGRAPH_HTTP_TLS_TRUSTSTORE", cert.truststore().toString(),
                "LAUNCHGRAPH_HTTP_TLS_TRUSTSTORE_PASSWORD", cert.password());
        try (JarProcess fromEnv = new JarProcess(env, "query", "blocked", "--url", url)) {
            // then
            assertThat(fromEnv.exitCode(Duration.ofMinutes(1))).as("errors %s", fromEnv.err).isZero();
            await("its output").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(String.join("\n", fromEnv.out)).contains(LAUNCH, "19 blocked launches"));
        }
        // when: a wrong token
        try (JarProcess wrong = new JarProcess(with(env, "LAUNCHGRAPH_TOKEN", "guess-" + READ_A), "query", "launch", LAUNCH, "--url", url)) {
            // then: one line saying so, no stack trace, no token
            assertThat(wrong.exitCode(Duration.ofMinutes(1))).isEqualTo(2);
            await("its error line").atMost(Duration.ofSeconds(10)).until(() -> !wrong.err.isEmpty());
            assertThat(wrong.err).as("standard error").singleElement().satisfies(line ->
                    assertThat(line).startsWith("launchgraph: the service refused the token: ").doesNotContain("guess").doesNotContain(READ_A));
            assertThat(wrong.out).isEmpty();
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
