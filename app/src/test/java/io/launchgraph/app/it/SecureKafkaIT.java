package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.app.cli.Cli;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.topology.TopicSpec;
import io.launchgraph.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * launchgraph on a secured Kafka (SASL_SSL, SCRAM-SHA-512, ACLs enforced, nothing allowed
 * without one) and a registry behind TLS and basic authentication: it answers with exactly the
 * ACLs README lists, and a wrong password, a missing ACL or an untrusted certificate stop it with
 * one line that says what to fix.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class SecureKafkaIT {
    private static final String USER = "launchgraph";
    private static final String PASSWORD = "kafka-secret";
    private static final String REGISTRY_USER = "registry-user";
    private static final String REGISTRY_PASSWORD = "registry-secret";
    private static final String REGISTRY_PATH = "/apis/ccompat/v7";

    @TempDir
    static Path dir;
    private static SecureKafka kafka;

    @BeforeAll
    static void startSecureKafka() {
        kafka = SecureKafka.start(dir);
        kafka.addUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopSecureKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * What README's table grants launchgraph (the service and its CLI) for one deployment: its
     * three topics (nothing in launchgraph reads the dead letters), the internal topics, group
     * and transactional ids of its application id. READ and WRITE imply DESCRIBE.
     */
    static List<AclBinding> launchgraphAcls(String user, String applicationId, String topicPrefix) {
        List<AclBinding> acls = new ArrayList<>();
        Map<TopicSpec<?, ?>, List<AclOperation>> topics = Map.of(
                Topics.MILESTONE_EVENTS, List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE),
                Topics.BLOCKED_LAUNCHES, List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE),
                Topics.REJECTED_EVENTS, List.of(AclOperation.CREATE, AclOperation.WRITE));
        assertThat(topics.keySet()).as("every topic of the catalogue").containsExactlyInAnyOrderElementsOf(Topics.external());
        topics.forEach((spec, operations) -> {
            ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, topicPrefix + spec.name(), PatternType.LITERAL);
            operations.forEach(op -> acls.add(allow(user, topic, op)));
        });
        ResourcePattern internal = new ResourcePattern(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED);
        for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE)) {
            acls.add(allow(user, internal, op));
        }
        acls.add(allow(user, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL), AclOperation.READ));
        acls.add(allow(user, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED), AclOperation.WRITE));
        return acls;
    }

    private static AclBinding allow(String user, ResourcePattern resource, AclOperation op) {
        return new AclBinding(resource, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }

    @Test
    void shouldAnswerOverSaslSslAndASecuredRegistryWithOnlyTheDocumentedAcls(RealKafkaAndRegistry.Infra infra, @TempDir Path state,
            @TempDir Path files) throws IOException {
        // given: launchgraph's ACLs and nothing more, and the registry behind TLS and basic auth
        String app = "secure-app";
        kafka.grant(launchgraphAcls(USER, app, "sec."));
        try (TlsBasicAuthProxy registry = registryProxy(infra)) {
            Map<String, String> settings = new HashMap<>(kafka.settings(USER, PASSWORD));
            settings.putAll(securedRegistry(registry));
            settings.put("topic.prefix", "sec.");
            try (RunningService s = new RunningService(infra, state, app, "sec.", settings)) {
                // when: a launch that waits on a milestone comes in over HTTP
                RunningService.Response accepted = s.post("/events", "application/x-ndjson", String.join("\n",
                        declared("e1", "launch-x", "ads", "LAUNCH"), declared("e2", "m-x", "privacy", "MILESTONE"),
                        "{\"type\":\"DependencyDeclared\",\"eventId\":\"e3\",\"occurredAt\":\"2026-10-01T09:02:00Z\",\"source\":\"it\","
                                + "\"dependentId\":\"launch-x\",\"dependencyId\":\"m-x\",\"strength\":\"HARD\",\"neededBy\":\"2026-11-15\"}"));

                // then: it is blocked by the milestone's team
                assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
                await("launch-x blocked by m-x").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    JsonNode launch = s.get("/launches/launch-x").body();
                    assertThat(launch.path("blocked").asBoolean()).as(launch.toString()).isTrue();
                    assertThat(launch.path("directBlockers").get(0).path("milestoneId").asText()).isEqualTo("m-x");
                    assertThat(launch.path("directBlockers").get(0).path("teamId").asText()).isEqualTo("privacy");
                });

                // when: the milestone is done, published straight to Kafka by the CLI as the same user
                Path done = files.resolve("done.jsonl");
                Files.writeString(done, "{\"type\":\"MilestoneStatusChanged\",\"eventId\":\"e4\",\"occurredAt\":\"2026-10-02T09:00:00Z\","
                        + "\"source\":\"it\",\"milestoneId\":\"m-x\",\"status\":\"DONE\"}\n", StandardCharsets.UTF_8);
                List<String> args = new ArrayList<>(List.of("publish", done.toString(), "--kafka", "--application-id", app));
                args.addAll(asFlags(settings));
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int published = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));

                // then: the launch is no longer blocked, on HTTP and on blocked-launches read as the same user
                assertThat(published).as(err.toString()).isZero();
                await("launch-x unblocked").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(s.get("/launches/launch-x").body().path("blocked").asBoolean()).isFalse());
                await("blocked-launches to commit launch-x unblocked").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(latestAnswer("sec." + Topics.BLOCKED_LAUNCHES.name(), "launch-x", registry).getBlocked())
                                .isFalse());
                assertThat(registry.forwarded.get()).as("registry requests through TLS and basic auth").isPositive();
                assertThat(registry.refused.get()).as("registry requests refused").isZero();
            }
        }
    }

    @Test
    void shouldExitAtOnceWithOneLineWhenKafkaRefusesThePassword(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws Exception {
        // given
        Map<String, String> settings = kafka.settings(USER, "not-the-password");
        List<String> args = new ArrayList<>(List.of("serve", "--registry-url", infra.registryUrl(), "--http-port", "0",
                "--state-dir", state.toString(), "--application-id", "secure-wrong-password"));
        args.addAll(asFlags(settings));

        // when: the packaged jar serves with a wrong password
        long started = System.nanoTime();
        try (JarProcess jar = new JarProcess(args.toArray(String[]::new))) {
            int code = jar.exitCode(Duration.ofSeconds(30));
            long seconds = (System.nanoTime() - started) / 1_000_000_000;

            // then: one line that names the user, the mechanism, the broker and the setting; no stack trace
            assertThat(code).isEqualTo(2);
            assertThat(jar.err.stream().filter(l -> l.startsWith("launchgraph:")).toList()).containsExactly(
                    "launchgraph: Kafka refused the credentials of user 'launchgraph' (SCRAM-SHA-512) at " + kafka.bootstrapServers()
                            + ": check kafka.sasl.jaas.config");
            assertThat(jar.err).noneMatch(stackTraceLine());
            assertThat(seconds).as("seconds to exit").isLessThan(20);
        }
    }

    @Test
    void shouldStopWithALineNamingTheGroupWhenItsAclIsMissing(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given: every ACL but the consumer group's
        String app = "secure-no-group";
        kafka.grant(launchgraphAcls(USER, app, app + ".").stream().filter(a -> a.pattern().resourceType() != ResourceType.GROUP).toList());

        // when
        StringWriter err = new StringWriter();
        int code = serve(infra.registryUrl(), app, state, kafka.settings(USER, PASSWORD), err);

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly("launchgraph: Kafka denied user 'launchgraph' access to group '" + app
                + "' (GroupAuthorizationException): grant it with an ACL, see README Operations");
    }

    @Test
    void shouldStopPublishingWithALineNamingTheTopicWhenWriteIsNotGranted(RealKafkaAndRegistry.Infra infra, @TempDir Path files) throws IOException {
        // given: a user who may read the events topic and use the transactional ids, but not write the topic
        String app = "secure-read-only";
        String topic = app + "." + Topics.MILESTONE_EVENTS.name();
        kafka.addUser("reader", "reader-secret");
        try (var admin = kafka.superAdmin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        kafka.grant(List.of(
                allow("reader", new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.READ),
                allow("reader", new ResourcePattern(ResourceType.TRANSACTIONAL_ID, app + "-", PatternType.PREFIXED), AclOperation.WRITE)));
        Path events = files.resolve("events.jsonl");
        Files.writeString(events, declared("e1", "m-y", "privacy", "MILESTONE") + "\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("publish", events.toString(), "--kafka", "--application-id", app,
                "--registry-url", infra.registryUrl(), "--set", "topic.prefix=" + app + ".", "--set", "auto.register.schemas=true"));
        args.addAll(asFlags(kafka.settings("reader", "reader-secret")));

        // when
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));

        // then
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("Kafka denied user 'reader' access to topic '" + topic + "' (TopicAuthorizationException)");
    }

    @Test
    void shouldStopPublishingWithALineNamingTheTransactionalIdsWhenTheirAclIsMissing(RealKafkaAndRegistry.Infra infra, @TempDir Path files)
            throws IOException {
        // given: a user with no ACL for this application's transactional ids
        String app = "secure-no-txn";
        kafka.addUser("no-txn", "no-txn-secret");
        Path events = files.resolve("events.jsonl");
        Files.writeString(events, declared("e1", "m-z", "privacy", "MILESTONE") + "\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("publish", events.toString(), "--kafka", "--application-id", app,
                "--registry-url", infra.registryUrl(), "--set", "topic.prefix=" + app + "."));
        args.addAll(asFlags(kafka.settings("no-txn", "no-txn-secret")));

        // when
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args.toArray(String[]::new));

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly("launchgraph: Kafka denied user 'no-txn' access to transactional id '" + app
                + "-publish-*' (TransactionalIdAuthorizationException): grant it with an ACL, see README Operations");
    }

    @Test
    void shouldStopWithOneLineNamingTheRegistryWhenItRefusesThePassword(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws IOException {
        try (TlsBasicAuthProxy registry = registryProxy(infra)) {
            // given
            Map<String, String> settings = new HashMap<>(securedRegistry(registry));
            settings.remove("schema.registry.url");
            settings.put("schema.registry.basic.auth.user.info", REGISTRY_USER + ":wrong");
            settings.put("bootstrap.servers", infra.bootstrapServers());

            // when
            StringWriter err = new StringWriter();
            int code = serve(registry.url(REGISTRY_PATH), "secure-registry-password", state, settings, err);

            // then
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().lines().toList()).hasSize(1);
            assertThat(err.toString().strip())
                    .startsWith("launchgraph: the schema registry at " + registry.url(REGISTRY_PATH) + " refused our credentials")
                    .contains("(HTTP 401)").contains("schema.registry.basic.auth.user.info");
            assertThat(registry.refused.get()).as("refused once, not retried").isOne();
        }
    }

    @Test
    void shouldStopWithOneLineAboutTrustWhenTheRegistrysCertificateIsNotTrusted(RealKafkaAndRegistry.Infra infra, @TempDir Path state)
            throws IOException {
        try (TlsBasicAuthProxy registry = registryProxy(infra)) {
            // given: the right password, but no trust store that holds the registry's certificate
            Map<String, String> settings = new HashMap<>(Map.of(
                    "schema.registry.basic.auth.user.info", REGISTRY_USER + ":" + REGISTRY_PASSWORD,
                    "bootstrap.servers", infra.bootstrapServers()));

            // when
            StringWriter err = new StringWriter();
            long started = System.nanoTime();
            int code = serve(registry.url(REGISTRY_PATH), "secure-registry-trust", state, settings, err);

            // then
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().lines().toList()).hasSize(1);
            assertThat(err.toString().strip())
                    .startsWith("launchgraph: TLS with the schema registry at " + registry.url(REGISTRY_PATH) + " failed")
                    .contains("set schema.registry.ssl.truststore.location");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not retried for the retry budget").isLessThan(Duration.ofSeconds(30));
        }
    }

    /** {@code launchgraph serve} in this JVM; returns when it fails (these tests expect it to), its error lines in {@code err}. */
    private static int serve(String registryUrl, String app, Path state, Map<String, String> settings, StringWriter err) {
        List<String> args = new ArrayList<>(List.of("serve", "--registry-url", registryUrl, "--http-port", "0", "--state-dir", state.toString(),
                "--application-id", app, "--set", "topic.prefix=" + app + ".", "--set", "topic.replication.factor=1",
                "--set", "auto.register.schemas=true"));
        args.addAll(asFlags(settings));
        return Cli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    private static List<String> asFlags(Map<String, String> settings) {
        List<String> flags = new ArrayList<>();
        settings.forEach((k, v) -> {
            if (k.equals("bootstrap.servers")) {
                flags.addAll(List.of("--bootstrap-servers", v));
            } else if (k.equals("schema.registry.url")) {
                flags.addAll(List.of("--registry-url", v));
            } else {
                flags.addAll(List.of("--set", k + "=" + v));
            }
        });
        return flags;
    }

    private static TlsBasicAuthProxy registryProxy(RealKafkaAndRegistry.Infra infra) throws IOException {
        URI plain = URI.create(infra.registryUrl());
        return new TlsBasicAuthProxy(URI.create(plain.getScheme() + "://" + plain.getAuthority()), kafka.keyStore, SecureKafka.STORE_PASSWORD,
                REGISTRY_USER, REGISTRY_PASSWORD);
    }

    /** launchgraph's settings for the registry behind the proxy: its https URL, the credentials, the trust store. */
    private static Map<String, String> securedRegistry(TlsBasicAuthProxy registry) {
        return Map.of(
                "schema.registry.url", registry.url(REGISTRY_PATH),
                "schema.registry.basic.auth.user.info", REGISTRY_USER + ":" + REGISTRY_PASSWORD,
                "schema.registry.ssl.truststore.location", kafka.trustStore.toAbsolutePath().toString(),
                "schema.registry.ssl.truststore.password", SecureKafka.STORE_PASSWORD);
    }

    private static String declared(String eventId, String id, String team, String kind) {
        return "{\"type\":\"MilestoneDeclared\",\"eventId\":\"" + eventId + "\",\"occurredAt\":\"2026-10-01T09:00:00Z\",\"source\":\"it\","
                + "\"milestoneId\":\"" + id + "\",\"teamId\":\"" + team + "\",\"name\":\"" + id + "\",\"kind\":\"" + kind
                + "\",\"dueDate\":\"2026-12-01\",\"status\":\"PLANNED\"}";
    }

    /** The latest committed answer of {@code launchId} on {@code topic}, read over SASL_SSL as launchgraph's user. */
    private static LaunchAnswer latestAnswer(String topic, String launchId, TlsBasicAuthProxy registry) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig(USER, PASSWORD));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> serde = new HashMap<>(Map.of(
                "schema.registry.url", registry.url(REGISTRY_PATH),
                "basic.auth.user.info", REGISTRY_USER + ":" + REGISTRY_PASSWORD,
                "schema.registry.ssl.truststore.location", kafka.trustStore.toAbsolutePath().toString(),
                "schema.registry.ssl.truststore.password", SecureKafka.STORE_PASSWORD));
        Deserializer<LaunchAnswer> values = new ConfiguredSerdeFactory(null, serde).valueSerde(LaunchAnswer.class).deserializer();
        LaunchAnswer latest = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (launchId.equals(r.key())) {
                        latest = values.deserialize(r.topic(), r.value());
                    }
                }
            }
        }
        assertThat(latest).as("a record of " + launchId + " on " + topic).isNotNull();
        return latest;
    }

    private static Predicate<String> stackTraceLine() {
        return l -> l.startsWith("\tat ") || l.startsWith("Caused by:") || l.contains("Exception in thread");
    }
}
