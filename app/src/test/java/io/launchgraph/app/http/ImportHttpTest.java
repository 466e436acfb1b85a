package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code POST /import/{format}} before the service is attached: errors are JSON, never a stack trace. */
class ImportHttpTest {

    private static HttpResponse<String> post(HttpApi api, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseAnUnknownFormatAndAnswerNotReadyUntilTheReplicaIs() throws Exception {
        // given an API without a service behind it
        try (HttpApi api = HttpApi.start(new HttpApi.Options("127.0.0.1", 0, "", 1024, 10), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            // when
            HttpResponse<String> unknown = post(api, "/import/trello", "x");
            HttpResponse<String> tooBig = post(api, "/import/csv", "x".repeat(2048));
            HttpResponse<String> badParameter = post(api, "/import/csv?dryRun=maybe", "record\n");
            HttpResponse<String> notReady = post(api, "/import/csv", "record,id,team\nmilestone,m,t\n");

            // then
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("unknown import format \\\"trello\\\"");
            assertThat(tooBig.statusCode()).isEqualTo(400);
            assertThat(badParameter.statusCode()).isEqualTo(400);
            assertThat(badParameter.body()).contains("dryRun must be true or false");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.headers().firstValue("Retry-After")).isPresent();
            assertThat(notReady.body()).startsWith("{").doesNotContain("\tat ");
        }
    }
}
