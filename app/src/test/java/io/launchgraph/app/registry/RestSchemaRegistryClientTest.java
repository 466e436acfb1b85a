package io.launchgraph.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.serde.RegistryUnavailableException;
import io.launchgraph.topology.serde.UnknownSchemaException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted fake registry: what it sends, how it retries, what it reports. */
class RestSchemaRegistryClientTest {
    private final HttpServer server;
    private final Deque<int[]> statuses = new ArrayDeque<>();
    private final Deque<String> bodies = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    RestSchemaRegistryClientTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        exchange.getRequestBody().readAllBytes();
        int status = statuses.isEmpty() ? 200 : statuses.pop()[0];
        byte[] body = (bodies.isEmpty() ? "{}" : bodies.pop()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void then(int status, String body) {
        statuses.add(new int[] {status});
        bodies.add(body);
    }

    private RestSchemaRegistryClient client(Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.put(RegistryClientConfig.URL, "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7");
        props.putIfAbsent(RegistryClientConfig.RETRIES_WAIT_MS, "1");
        props.putIfAbsent(RegistryClientConfig.RETRIES_MAX_WAIT_MS, "5");
        return new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(props));
    }

    @Test
    void shouldRegisterUnderTheEncodedSubjectWithTheConfluentMediaType() {
        // given
        then(200, "{\"id\":7}");

        // when
        int id = client(Map.of()).register("team a/events-value", MilestoneEvent.getClassSchema());

        // then
        assertThat(id).isEqualTo(7);
        assertThat(requests).containsExactly("POST /apis/ccompat/v7/subjects/team%20a%2Fevents-value/versions");
        assertThat(contentTypes).containsExactly("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void shouldAskOnlyOnceForTheSameSchemaOrId() {
        // given
        RestSchemaRegistryClient client = client(Map.of());
        then(200, "{\"id\":3}");
        then(200, "{\"schema\":" + quoted(MilestoneEvent.getClassSchema().toString()) + "}");

        // when
        client.register("s-value", MilestoneEvent.getClassSchema());
        client.register("s-value", MilestoneEvent.getClassSchema());
        client.idOf("s-value", MilestoneEvent.getClassSchema());
        Schema byId = client.schemaById(4);
        client.schemaById(4);

        // then
        assertThat(byId.getFullName()).isEqualTo("io.launchgraph.avro.MilestoneEvent");
        assertThat(requests).hasSize(2);
    }

    @Test
    void shouldRetryServerErrorsAndThenSucceed() {
        // given
        then(503, "{\"error_code\":50301,\"message\":\"busy\"}");
        then(500, "oops");
        then(200, "{\"id\":9}");

        // when
        int id = client(Map.of()).register("s-value", MilestoneEvent.getClassSchema());

        // then
        assertThat(id).isEqualTo(9);
        assertThat(requests).hasSize(3);
    }

    @Test
    void shouldGiveUpAfterTheRetryBudgetWithATransientError() {
        // given
        for (int i = 0; i < 1000; i++) {
            then(503, "{\"message\":\"still busy\"}");
        }

        // then
        assertThatThrownBy(() -> client(Map.of(RegistryClientConfig.RETRIES_BUDGET_MS, "200")).schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("still busy");
        assertThat(requests.size()).isGreaterThan(1);
    }

    @Test
    void shouldRetryOnAnotherUrlWhenOneCannotBeReached() {
        // given: the first URL is a closed port
        then(200, "{\"id\":5}");
        String urls = "http://127.0.0.1:1/apis/ccompat/v7,http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";

        // when
        int id = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, urls, RegistryClientConfig.RETRIES_WAIT_MS, "1"))).register("s-value", MilestoneEvent.getClassSchema());

        // then
        assertThat(id).isEqualTo(5);
    }

    @Test
    void shouldReportClientErrorsAtOnceWithTheRegistrysMessage() {
        // given
        then(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        // then
        assertThatThrownBy(() -> client(Map.of()).register("s-value", MilestoneEvent.getClassSchema()))
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("Invalid schema")
                .hasMessageContaining("s-value");
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldNameTheSubjectOfAnIncompatibleSchema() {
        // given
        then(409, "{\"error_code\":409,\"message\":\"Incompatible artifact\"}");

        // then
        assertThatThrownBy(() -> client(Map.of()).register("orders-value", MilestoneEvent.getClassSchema()))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.subject()).isEqualTo("orders-value"))
                .hasMessageContaining("orders-value")
                .hasMessageContaining("409");
    }

    @Test
    void shouldTakeTheIdWhenAnotherInstanceRegisteredTheSameSchemaFirst() {
        // given: Apicurio's 409 to the second of two simultaneous registrations, then the lookup finding it
        then(409, "{\"error_code\":409,\"message\":\"An artifact with ID 'orders-value' in group 'null' already exists.\"}");
        then(200, "{\"subject\":\"orders-value\",\"id\":7,\"version\":1}");

        // when
        int id = client(Map.of()).register("orders-value", MilestoneEvent.getClassSchema());

        // then
        assertThat(id).isEqualTo(7);
        assertThat(requests).containsExactly("POST /apis/ccompat/v7/subjects/orders-value/versions", "POST /apis/ccompat/v7/subjects/orders-value");
    }

    @Test
    void shouldTurnAnUnknownIdIntoUnknownSchema() {
        // given
        then(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");

        // then
        assertThatThrownBy(() -> client(Map.of()).schemaById(77)).isInstanceOf(UnknownSchemaException.class);
    }

    @Test
    void shouldSendBasicOrBearerCredentials() {
        // given
        then(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        then(200, "{\"compatibility\":\"FULL\"}");

        // when
        String basic = client(Map.of(RegistryClientConfig.BASIC_AUTH_USER_INFO, "ann:secret")).compatibility();
        String bearer = client(Map.of(RegistryClientConfig.BEARER_AUTH_TOKEN, "t0k3n")).compatibility();

        // then
        assertThat(basic).isEqualTo("BACKWARD");
        assertThat(bearer).isEqualTo("FULL");
        assertThat(authorizations).containsExactly("Basic YW5uOnNlY3JldA==", "Bearer t0k3n");
    }

    @Test
    void shouldSayWhenCredentialsAreRefused() {
        // given
        then(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");

        // then
        assertThatThrownBy(() -> client(Map.of()).subjects())
                .isInstanceOf(RegistryRefusedException.class)
                .hasMessageContaining("the schema registry at http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7 refused our credentials")
                .hasMessageContaining("(HTTP 401)");
        assertThat(requests).as("not retried").hasSize(1);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
