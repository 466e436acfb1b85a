package io.launchgraph.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class KafkaAccessTest {
    private static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "127.0.0.1:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"launchgraph\" password=\"secret\";",
            "application.id", "app-x");

    @Test
    void shouldNameTheUserTheMechanismAndTheSettingWhenTheCredentialsAreRefused() {
        // given: an admin call that failed on authentication, wrapped as the provisioner wraps it
        Exception failure = new IllegalStateException("listing topics failed", new ExecutionException(
                new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512")));

        // when
        String line = KafkaAccess.explain(failure, SECURED).orElseThrow().getMessage();

        // then
        assertThat(line).isEqualTo("Kafka refused the credentials of user 'launchgraph' (SCRAM-SHA-512) at 127.0.0.1:9093: check kafka.sasl.jaas.config");
        assertThat(line).doesNotContain("secret");
    }

    @Test
    void shouldLeaveOutWhatTheConfigurationDoesNotSay() {
        // given: a caller that knows only the failure
        Exception failure = new SaslAuthenticationException("Authentication failed");

        // when
        String line = KafkaAccess.explain(failure, Map.of()).orElseThrow().getMessage();

        // then
        assertThat(line).isEqualTo("Kafka refused the credentials of launchgraph: check kafka.sasl.jaas.config");
    }

    @Test
    void shouldPointAtTheTruststoreWhenTheBrokersCertificateIsNotTrusted() {
        // given
        Exception failure = new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException("PKIX path building failed"));

        // when
        String line = KafkaAccess.explain(failure, SECURED).orElseThrow().getMessage();

        // then
        assertThat(line).startsWith("TLS with Kafka at 127.0.0.1:9093 failed (PKIX path building failed)")
                .contains("kafka.ssl.truststore.location");
    }

    @Test
    void shouldNameTheGroupOfAStreamsThreadThatWasDenied() {
        // given: what a stream thread dies of when the group's ACL is missing
        Exception failure = new StreamsException(new GroupAuthorizationException("Not authorized to access group: app-x", "app-x"));

        // when
        String line = KafkaAccess.explain(failure, SECURED).orElseThrow().getMessage();

        // then
        assertThat(line).isEqualTo(
                "Kafka denied user 'launchgraph' access to group 'app-x' (GroupAuthorizationException): grant it with an ACL, see README Operations");
    }

    @Test
    void shouldNameEveryDeniedTopicInOrder() {
        // given
        Exception failure = new TopicAuthorizationException(Set.of("p.rejected-events", "p.blocked-launches"));

        // when
        String line = KafkaAccess.explain(failure, Map.of()).orElseThrow().getMessage();

        // then
        assertThat(line).startsWith("Kafka denied launchgraph access to topics 'p.blocked-launches', 'p.rejected-events' (TopicAuthorizationException)");
    }

    @Test
    void shouldNameAProducersTransactionalIdOrElseTheApplicationsPrefix() {
        // given
        Exception failure = new TransactionalIdAuthorizationException("Transactional Id authorization failed.");
        Map<String, Object> producer = Map.of("transactional.id", "app-x-publish-1234");

        // when
        String ofProducer = KafkaAccess.explain(failure, producer).orElseThrow().getMessage();
        String ofStreams = KafkaAccess.explain(failure, SECURED).orElseThrow().getMessage();

        // then
        assertThat(ofProducer).contains("access to transactional id 'app-x-publish-1234' (TransactionalIdAuthorizationException)");
        assertThat(ofStreams).contains("access to transactional ids 'app-x-*' (TransactionalIdAuthorizationException)");
    }

    @Test
    void shouldLeaveOtherFailuresAlone() {
        // given
        RuntimeException failure = new IllegalStateException("listing topics took longer than PT2M", new TimeoutException("timed out"));

        // when
        RuntimeException explained = KafkaAccess.explained(failure, SECURED);

        // then
        assertThat(explained).isSameAs(failure);
    }
}
