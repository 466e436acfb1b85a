package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The API description lists exactly the routes the server serves. */
class OpenApiTest {

    @Test
    void shouldDescribeEveryRouteAndNoOther() throws Exception {
        // given
        JsonNode spec;
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
            spec = HttpApi.JSON.readTree(in);
        }
        Set<String> described = new TreeSet<>();
        spec.path("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));

        // when
        Set<String> served = new TreeSet<>();
        try (HttpApi api = HttpApi.start(new HttpApi.Options("127.0.0.1", 0, "", 1024, 10), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            api.routes().forEach(r -> served.add(r.method() + " " + r.path()));
        }

        // then
        assertThat(described).isEqualTo(served);
    }
}
