package io.launchgraph.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.launchgraph.app.http.Tls;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a command reaches a running service over HTTP: its token and, for HTTPS with a
 * certificate the JDK does not trust, a trust store. Shared by every command that calls the API.
 */
final class ServiceConnection {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LAUNCHGRAPH_TOKEN}",
            description = "Bearer token for the service (a token of its http.tokens; read, or write to publish and import)."
                    + " Default: LAUNCHGRAPH_TOKEN, which keeps it out of the process list.")
    String token;

    @Option(names = "--truststore", paramLabel = "FILE", defaultValue = "${env:LAUNCHGRAPH_HTTP_TLS_TRUSTSTORE}",
            description = "Trust store (PKCS12 or JKS) for an https:// service whose certificate the JDK does not trust"
                    + " (default: LAUNCHGRAPH_HTTP_TLS_TRUSTSTORE).")
    String truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", defaultValue = "${env:LAUNCHGRAPH_HTTP_TLS_TRUSTSTORE_PASSWORD}",
            description = "Password of --truststore (default: LAUNCHGRAPH_HTTP_TLS_TRUSTSTORE_PASSWORD).")
    String truststorePassword;

    HttpClient client() {
        return new Tls("", "", "", truststore, truststorePassword).client(Duration.ofSeconds(5)).build();
    }

    /** {@code request} with the token, when there is one. */
    HttpRequest.Builder authorize(HttpRequest.Builder request) {
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        return request;
    }

    /**
     * The one line to print when the service refused the credentials (401 or 403), else empty.
     * The service's reason never contains a token, and neither does this line.
     */
    Optional<String> refusal(int status, String body) {
        if (status != 401 && status != 403) {
            return Optional.empty();
        }
        String reason = reason(body);
        if (status == 401 && (token == null || token.isBlank())) {
            return Optional.of("the service needs a token: pass --token or set LAUNCHGRAPH_TOKEN (" + reason + ")");
        }
        return Optional.of("the service refused the token: " + reason);
    }

    private static String reason(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isTextual() ? error.asText() : "no reason given";
        } catch (IOException | RuntimeException e) {
            return "no reason given";
        }
    }
}
