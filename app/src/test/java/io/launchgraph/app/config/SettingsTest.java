package io.launchgraph.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void shouldLetEachSourceBeatTheOnesBeforeIt(@TempDir Path dir) throws IOException {
        // given: the port in every source, the application id in all but the flags
        Path file = dir.resolve("launchgraph.properties");
        Files.writeString(file, "http.port=1001\napplication.id=from-file\ntopic.prefix=file.\n");
        Map<String, String> env = Map.of("LAUNCHGRAPH_HTTP_PORT", "1002", "LAUNCHGRAPH_APPLICATION_ID", "from-env", "PATH", "/bin");

        // when
        Settings s = Settings.load(Map.of("http.port", "1000"), file, env, Map.of("http.port", "1003"));

        // then
        assertThat(s.get(Keys.HTTP_PORT)).isEqualTo(1003);
        assertThat(s.get(Keys.APPLICATION_ID)).isEqualTo("from-env");
        assertThat(s.get(Keys.TOPIC_PREFIX)).isEqualTo("file.");
        assertThat(s.get(Keys.STREAMS_THREADS)).isEqualTo(1);
        assertThat(s.describe()).contains("http.port = 1003 (command line)", "application.id = from-env (environment)");
    }

    @Test
    void shouldFindTheFileThroughTheEnvironment(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("x.properties");
        Files.writeString(file, "streams.threads=3\n");

        // when
        Settings s = Settings.load(Map.of(), null, Map.of("LAUNCHGRAPH_CONFIG", file.toString()), Map.of());

        // then
        assertThat(s.get(Keys.STREAMS_THREADS)).isEqualTo(3);
    }

    @Test
    void shouldRefuseUnknownKeysFromEverySource(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.properties");
        Files.writeString(file, "htpp.port=1\n");
        assertThatThrownBy(() -> Settings.load(Map.of(), file, Map.of(), Map.of()))
                .hasMessageContaining("unknown configuration key \"htpp.port\"").hasMessageContaining("file");
        assertThatThrownBy(() -> Settings.load(Map.of(), null, Map.of("LAUNCHGRAPH_HTTP_PROT", "1"), Map.of()))
                .hasMessageContaining("unknown environment variable LAUNCHGRAPH_HTTP_PROT");
        assertThatThrownBy(() -> Settings.load(Map.of(), null, Map.of(), Map.of("state.dri", "x")))
                .hasMessageContaining("unknown configuration key \"state.dri\"").hasMessageContaining("command line");
    }

    @Test
    void shouldPassKafkaAndSerdeKeysThrough() {
        // when
        Settings s = Settings.load(Map.of(), null,
                Map.of("LAUNCHGRAPH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.of("kafka.sasl.mechanism", "PLAIN", "serde.specific.avro.reader", "true"));

        // then
        assertThat(s.passThrough("kafka.")).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
        assertThat(s.passThrough("serde.")).containsExactlyEntriesOf(Map.of("specific.avro.reader", "true"));
    }

    @Test
    void shouldNameTheKeyOfAValueThatCannotBeRead() {
        assertThatThrownBy(() -> Settings.load(Map.of(), null, Map.of(), Map.of("http.port", "eighty")))
                .hasMessageContaining("http.port").hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Settings.load(Map.of(), null, Map.of(), Map.of("recompute.max.share", "2")))
                .hasMessageContaining("recompute.max.share").hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> Settings.load(Map.of(), null, Map.of(), Map.of()).require(Keys.BOOTSTRAP_SERVERS))
                .hasMessageContaining("bootstrap.servers is required").hasMessageContaining("LAUNCHGRAPH_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldMaskSecretsWhenDescribed() {
        Settings s = Settings.load(Map.of(), null, Map.of(), Map.of("schema.registry.basic.auth.user.info", "ann:secret"));
        assertThat(String.join("\n", s.describe())).doesNotContain("secret").contains("schema.registry.basic.auth.user.info = ****");
    }
}
