package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a connection costs the server while it stays open (docs/performance.md, "Freshness under load"). */
class HeaderCacheTest {

    @Test
    void shouldKeepNoHeaderCachePerConnection() {
        // given: the server as the service starts it
        try (HttpApi api = HttpApi.start(new HttpApi.Options("127.0.0.1", 0, "", 1024, 10), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            // when
            List<Integer> sizes = api.headerCacheSizes();

            // then: Jetty's default (1,024 fields, about 100 KB per keep-alive connection) is off
            assertThat(sizes).isNotEmpty().containsOnly(0);
        }
    }
}
