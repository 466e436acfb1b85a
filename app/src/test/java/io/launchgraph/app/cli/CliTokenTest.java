package io.launchgraph.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.app.config.AccessTokens;
import io.launchgraph.app.http.HttpApi;
import io.launchgraph.app.http.Tls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against an API that wants tokens: one clear line and a failure exit code, never the token. */
class CliTokenTest {
    private static final String READER = "reader-0123456789abcdef";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpApi api;
    private String url;

    @BeforeEach
    void startApi() {
        api = HttpApi.start(new HttpApi.Options("127.0.0.1", 0, "", 1 << 20, 100, 0, 0,
                AccessTokens.parse("read:" + READER + ",write:writer-0123456789abcdef"), "", Tls.OFF),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        url = "http://127.0.0.1:" + api.port();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldSayInOneLineThatTheTokenWasRefused() {
        // when
        int code = run("query", "blocked", "--url", url, "--token", "guess-0123456789abcdef");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().satisfies(line ->
                assertThat(line).startsWith("launchgraph: the service refused the token: ").doesNotContain("guess").doesNotContain("Exception"));
    }

    @Test
    void shouldSayATokenIsNeededWhenNoneIsGiven() {
        // when
        int code = run("watch", "--url", url);

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("launchgraph watch: the service needs a token: pass --token or set LAUNCHGRAPH_TOKEN");
    }

    @Test
    void shouldRefuseAReadTokenForPublishingInOneLine(@TempDir Path dir) throws Exception {
        // given
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, "{\"type\":\"MilestoneRetired\",\"eventId\":\"e1\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"source\":\"t\",\"milestoneId\":\"m\"}\n");

        // when
        int code = run("publish", events.toString(), "--url", url, "--token", READER, "--quiet");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the service refused the token: a read token may not POST /events").doesNotContain(READER);
    }
}
