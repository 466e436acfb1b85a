package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.app.it.RunningService.Response;
import io.launchgraph.topology.internal.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP calls to a launchgraph instance at {@code url}, wherever it runs (in this JVM, a process, a
 * container), with a bearer token when {@code token} is not null, through {@code http} (which
 * trusts what the test's certificates need).
 */
record ApiClient(String url, String token, HttpClient http) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String url) {
        this(url, null, HTTP);
    }

    /** The same instance, with another token (null: none). */
    ApiClient withToken(String other) {
        return new ApiClient(url, other, http);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code request} with this client's token, if any. */
    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(authorized(request).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.headers().firstValue("Content-Type").orElse("").contains("json") ? RunningService.JSON.readTree(r.body()) : null;
            return new Response(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every open launch's answer, through GET /launches. */
    Map<String, Answer> openAnswers() {
        Response r = get("/launches?limit=1000000");
        assertThat(r.status()).as("GET /launches: %s", r.raw().body()).isEqualTo(200);
        Map<String, Answer> answers = new TreeMap<>();
        r.body().path("launches").forEach(l -> answers.put(l.path("launchId").asText(), RunningService.answer(l)));
        return answers;
    }
}
