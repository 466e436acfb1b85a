package io.launchgraph.app.it;

import static org.awaitility.Awaitility.await;

import io.launchgraph.app.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A KRaft broker in this JVM whose clients' listener is SASL_SSL (SCRAM-SHA-512, a certificate
 * for 127.0.0.1 made here with the JDK's keytool), with ACLs enforced by the StandardAuthorizer
 * and nothing allowed where no ACL is. Users and ACLs are made by the test through the broker's
 * PLAINTEXT listener, whose anonymous principal is a super user: the test's own door, which the
 * service under test is never given.
 */
final class SecureKafka implements AutoCloseable {
    static final String STORE_PASSWORD = "store-secret";

    final Path keyStore;
    final Path trustStore;
    private final EmbeddedKafka kafka;

    private SecureKafka(EmbeddedKafka kafka, Path keyStore, Path trustStore) {
        this.kafka = kafka;
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    static SecureKafka start(Path dir) {
        Path keyStore = dir.resolve("broker.p12");
        Path trustStore = dir.resolve("truststore.p12");
        makeCertificate(dir, keyStore, trustStore);
        Map<String, String> broker = new HashMap<>(Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS;User:admin",
                "allow.everyone.if.no.acl.found", "false",
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.sasl_ssl.ssl.keystore.location", keyStore.toAbsolutePath().toString(),
                "listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD,
                "listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD,
                "listener.name.sasl_ssl.ssl.keystore.type", "PKCS12"));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), new EmbeddedKafka.ExtraListener("SASL_SSL", "SASL_SSL", broker));
        return new SecureKafka(kafka, keyStore, trustStore);
    }

    /** A self-signed certificate for 127.0.0.1 (PKCS12), and a trust store holding it. */
    private static void makeCertificate(Path dir, Path keyStore, Path trustStore) {
        Path certificate = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(), "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The SASL_SSL listener: the only one launchgraph is given. */
    String bootstrapServers() {
        return kafka.extraBootstrapServers();
    }

    /** launchgraph's settings for {@code user} on the SASL_SSL listener, as a person writes them in the file (kafka.*). */
    Map<String, String> settings(String user, String password) {
        Map<String, String> s = new HashMap<>();
        clientConfig(user, password).forEach((k, v) -> s.put("kafka." + k, v.toString()));
        s.put("bootstrap.servers", bootstrapServers());
        return s;
    }

    /** A Kafka client's configuration for {@code user} on the SASL_SSL listener. */
    Map<String, Object> clientConfig(String user, String password) {
        return Map.of(
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toAbsolutePath().toString(),
                SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD,
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
    }

    /** Creates (or changes) a SCRAM-SHA-512 user, and waits until it can log in on the SASL_SSL listener. */
    void addUser(String user, String password) {
        try (Admin admin = superAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create user " + user, e);
        }
        Map<String, Object> config = new HashMap<>(clientConfig(user, password));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        await("user " + user + " can log in").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            try (Admin admin = Admin.create(config)) {
                return !admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty();
            }
        });
    }

    void grant(Collection<AclBinding> acls) {
        try (Admin admin = superAdmin()) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // The authorizer applies ACLs from the metadata log; wait until the broker shows them all.
            await("the ACLs applied").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create ACLs " + acls, e);
        }
    }

    /** An admin client over the PLAINTEXT listener, as a super user. */
    Admin superAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @Override
    public void close() {
        kafka.close();
    }
}
