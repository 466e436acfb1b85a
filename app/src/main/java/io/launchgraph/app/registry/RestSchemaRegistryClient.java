package io.launchgraph.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.launchgraph.topology.serde.SchemaRegistryClient;
import io.launchgraph.topology.serde.RegistryUnavailableException;
import io.launchgraph.topology.serde.SchemaRegistryException;
import io.launchgraph.topology.serde.UnknownSchemaException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the documented Confluent Schema Registry REST API
 * ({@code application/vnd.schemaregistry.v1+json}), so it works unchanged against Confluent
 * Schema Registry, Apicurio's {@code /apis/ccompat/v7}, Karapace and Redpanda.
 *
 * <p>Ids and schemas are cached (both are immutable in the registry). Connection errors, 5xx and
 * 429 answers are retried with exponential back-off, over every configured URL, within the retry
 * budget; then {@link RegistryUnavailableException}. Other 4xx answers fail at once with the
 * registry's message. TLS trusts {@code schema.registry.ssl.truststore.*} when given, else the
 * JDK's trust store ({@code javax.net.ssl.*}); a handshake that fails is not retried.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.connectTimeout());
        if (config.trustStore() != null) {
            http.sslContext(config.trustStore().sslContext());
        }
        this.http = http.build();
        if (config.basicAuthUserInfo() != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        } else if (config.bearerToken() != null) {
            authorization = "Bearer " + config.bearerToken();
        } else {
            authorization = null;
        }
    }

    public RegistryClientConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        String text = schema.toString();
        Integer cached = idsBySubjectAndSchema.get(subject + '\u0000' + text);
        if (cached != null) {
            return cached;
        }
        JsonNode answer;
        try {
            answer = call("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(text), subject);
        } catch (IncompatibleSchemaException e) {
            // Apicurio answers 409 also to the loser of two instances registering the same new subject
            // at once ("already exists"): if the schema is there now, the registration succeeded.
            try {
                return idOf(subject, schema);
            } catch (RuntimeException notThere) {
                e.addSuppressed(notThere);
                throw e;
            }
        }
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("registering a schema under " + subject + " returned no id: " + answer);
        }
        idsBySubjectAndSchema.put(subject + '\u0000' + text, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        String text = schema.toString();
        Integer cached = idsBySubjectAndSchema.get(subject + '\u0000' + text);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + segment(subject), schemaBody(text), subject);
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("looking up a schema under " + subject + " returned no id: " + answer);
        }
        idsBySubjectAndSchema.put(subject + '\u0000' + text, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer;
        try {
            answer = call("GET", "/schemas/ids/" + id, null, null);
        } catch (RegistryAnswer e) {
            if (e.status == 404) {
                throw new UnknownSchemaException(id);
            }
            throw e;
        }
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException("schema id " + id + " is a " + type + " schema, not Avro");
        }
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        schemasById.put(id, schema);
        return schema;
    }

    /** Whether {@code schema} could be registered under {@code subject} now. */
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = call("POST", "/compatibility/subjects/" + segment(subject) + "/versions/latest",
                    schemaBody(schema.toString()), subject);
            return answer.path("is_compatible").asBoolean(false);
        } catch (RegistryAnswer e) {
            if (e.status == 404) {
                return true; // no versions yet: anything is compatible
            }
            throw e;
        }
    }

    /** The global compatibility level (BACKWARD, FORWARD, FULL, NONE, ... and their _TRANSITIVE forms). */
    public String compatibility() {
        JsonNode answer = call("GET", "/config", null, null);
        // Confluent answers compatibilityLevel; some registries answer compatibility.
        return answer.has("compatibilityLevel") ? answer.get("compatibilityLevel").asText() : answer.path("compatibility").asText();
    }

    public void setCompatibility(String level) {
        call("PUT", "/config", "{\"compatibility\":" + quote(level) + "}", null);
    }

    public void setCompatibility(String subject, String level) {
        call("PUT", "/config/" + segment(subject), "{\"compatibility\":" + quote(level) + "}", subject);
    }

    /** Subjects registered so far. */
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        call("GET", "/subjects", null, null).forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    private static String schemaBody(String schemaText) {
        return "{\"schemaType\":\"AVRO\",\"schema\":" + quote(schemaText) + "}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encodes a path segment (subjects may hold characters URLs do not allow). */
    static String segment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (c & 0xff);
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || "-._~".indexOf(ch) >= 0) {
                b.append(ch);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    private JsonNode call(String method, String path, String body, String subject) {
        long deadline = System.nanoTime() + config.retryBudget().toNanos();
        Duration backoff = config.initialBackoff();
        int attempt = 0;
        Exception lastFailure = null;
        String lastProblem = null;
        while (true) {
            URI base = config.urls().get(attempt % config.urls().size());
            attempt++;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(config.requestTimeout())
                    .header("Accept", ACCEPT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
                if (status < 500 && status != 429) {
                    throw answer(base, method, path, subject, status, response.body());
                }
                lastProblem = "HTTP " + status + " " + errorMessage(response.body());
            } catch (SSLHandshakeException e) {
                // A certificate not trusted now is not trusted in a minute: say so at once.
                LOG.debug("TLS handshake with {} failed", base, e);
                throw new RegistryRefusedException("TLS with the schema registry at " + base + " failed (" + deepestMessage(e) + "): "
                        + (config.trustStore() == null
                                ? "set " + RegistryClientConfig.SSL_TRUSTSTORE_LOCATION + " to a trust store that holds its certificate or CA"
                                : "check that " + RegistryClientConfig.SSL_TRUSTSTORE_LOCATION + " (" + config.trustStore()
                                        + ") holds its certificate or CA"));
            } catch (IOException e) {
                lastFailure = e;
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted while calling the schema registry", e);
            }
            if (System.nanoTime() + backoff.toNanos() > deadline) {
                throw new RegistryUnavailableException(String.format(
                        "schema registry %s did not answer %s %s after %d attempts over %s: %s",
                        config.urls(), method, path, attempt, config.retryBudget(), lastProblem), lastFailure);
            }
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warn("Schema registry {} {}: {}; retrying (attempt {})", method, base + path, lastProblem, attempt);
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    private static void sleep(Duration d) {
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting to retry the schema registry", e);
        }
    }

    private static RuntimeException answer(URI base, String method, String path, String subject, int status, String body) {
        String message = errorMessage(body);
        String what = subject == null ? method + " " + path : "subject " + subject;
        if (status == 409) {
            return new IncompatibleSchemaException(subject,
                    "the schema registry refused the schema for " + what + " as incompatible (HTTP 409): " + message);
        }
        if (status == 401 || status == 403) {
            return new RegistryRefusedException("the schema registry at " + base + " refused our credentials for " + what + " (HTTP " + status
                    + "): " + message + "; check schema.registry.basic.auth.user.info or schema.registry.bearer.auth.token");
        }
        return new RegistryAnswer(status, "the schema registry answered HTTP " + status + " to " + method + " " + path
                + (subject == null ? "" : " (subject " + subject + ")") + ": " + message);
    }

    private static String deepestMessage(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return String.valueOf(deepest.getMessage());
    }

    private static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error.has("message")) {
                return error.path("message").asText() + (error.has("error_code") ? " (error code " + error.path("error_code").asInt() + ")" : "");
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: use the text
        }
        return body == null || body.isBlank() ? "(no message)" : body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    /** A 4xx answer other than 409: a request the registry will never accept as it is. */
    static final class RegistryAnswer extends SchemaRegistryException {
        private static final long serialVersionUID = 1L;
        final int status;

        RegistryAnswer(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
