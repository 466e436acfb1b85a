package io.launchgraph.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

    @Test
    void shouldReadConfluentStyleProperties() {
        // when
        RegistryClientConfig c = RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "https://a.example:8081/, https://b.example:8081",
                RegistryClientConfig.BASIC_AUTH_USER_INFO, "ann:secret",
                RegistryClientConfig.READ_TIMEOUT_MS, "2500",
                "unrelated.streams.setting", "ignored"));

        // then
        assertThat(c.urls()).containsExactly(URI.create("https://a.example:8081"), URI.create("https://b.example:8081"));
        assertThat(c.basicAuthUserInfo()).isEqualTo("ann:secret");
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.toString()).doesNotContain("secret");
    }

    @Test
    void shouldReadTheTrustStoreUnderConfluentsNamesAndNeverPrintItsPassword() {
        // when
        RegistryClientConfig c = RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "https://registry:8081",
                RegistryClientConfig.SSL_TRUSTSTORE_LOCATION, "/etc/launchgraph/registry.jks",
                RegistryClientConfig.SSL_TRUSTSTORE_PASSWORD, "s3cret",
                RegistryClientConfig.SSL_TRUSTSTORE_TYPE, "jks"));

        // then
        assertThat(c.trustStore()).isEqualTo(new RegistryClientConfig.TrustStore(Path.of("/etc/launchgraph/registry.jks"), "s3cret", "JKS"));
        assertThat(c.toString()).contains("/etc/launchgraph/registry.jks").doesNotContain("s3cret");
        assertThat(RegistryClientConfig.of("https://registry:8081").trustStore()).as("none given: the JDK's").isNull();
    }

    @Test
    void shouldNameTheSettingWhenTheTrustStoreCannotBeRead() {
        // given
        RegistryClientConfig c = RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "https://registry:8081",
                RegistryClientConfig.SSL_TRUSTSTORE_LOCATION, "/nonexistent/registry.p12"));

        // then
        assertThatThrownBy(() -> new RestSchemaRegistryClient(c))
                .hasMessageStartingWith("cannot read the trust store /nonexistent/registry.p12 (schema.registry.ssl.truststore.location, type PKCS12)");
    }

    @Test
    void shouldTakeCredentialsFromTheUrlWhenAskedTo() {
        // when
        RegistryClientConfig c = RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "http://ann:secret@registry:8081/apis/ccompat/v7",
                RegistryClientConfig.BASIC_AUTH_SOURCE, "URL"));

        // then
        assertThat(c.urls()).containsExactly(URI.create("http://registry:8081/apis/ccompat/v7"));
        assertThat(c.basicAuthUserInfo()).isEqualTo("ann:secret");
    }

    @Test
    void shouldRefuseWhatCannotWork() {
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of())).hasMessageContaining("schema.registry.url is required");
        assertThatThrownBy(() -> RegistryClientConfig.of("ftp://x")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "http://x", RegistryClientConfig.READ_TIMEOUT_MS, "soon")))
                .hasMessageContaining("http.read.timeout.ms must be a number of milliseconds");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of(
                RegistryClientConfig.URL, "http://x",
                RegistryClientConfig.BASIC_AUTH_USER_INFO, "a:b",
                RegistryClientConfig.BEARER_AUTH_TOKEN, "t")))
                .hasMessageContaining("not both");
    }
}
