package io.launchgraph.app.service;

import io.launchgraph.app.config.Keys;
import io.launchgraph.app.config.Settings;
import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.embedded.EmbeddedKafka;
import io.launchgraph.app.embedded.EmbeddedRegistry;
import io.launchgraph.app.http.HttpApi;
import io.launchgraph.app.http.LiveFeed;
import io.launchgraph.app.http.Tls;
import io.launchgraph.app.ingest.EventPublisher;
import io.launchgraph.app.kafka.KafkaAccess;
import io.launchgraph.app.kafka.TopicProvisioner;
import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.registry.RegistryRefusedException;
import io.launchgraph.app.registry.RestSchemaRegistryClient;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.app.serde.WireFormatAvroSerde;
import io.launchgraph.app.serde.WrittenAnswers;
import io.launchgraph.app.streams.BoundedRocksDbMemory;
import io.launchgraph.app.streams.CatchUp;
import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.app.whatif.WhatIfReplica;
import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.TopicSpec;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.serde.WireFormat;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * launchgraph, running: the embedded broker and registry (demo only), the topics, the schemas,
 * Kafka Streams, the ingest publisher and the HTTP API. Closing stops them in reverse order; a
 * start that fails stops what had started.
 */
public final class LaunchGraphService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchGraphService.class);

    /** The embedded default, or a service against given Kafka and registry. */
    public enum Mode { DEMO, SERVE }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Settings settings;
    /** The settings in use: the demo adds its broker's address to the given ones. */
    private Settings effective;
    private HttpApi http;
    private LaunchGraphStreams streams;
    private Duration startup;

    private LaunchGraphService(Settings settings) {
        this.settings = settings;
        this.effective = settings;
    }

    /** What Kafka's clients were given, for explaining a refusal; the broker's address may not be known yet. */
    private Map<String, Object> kafkaClientsSoFar() {
        Map<String, Object> clients = new HashMap<>(effective.passThrough("kafka."));
        Optional.ofNullable(effective.get(Keys.BOOTSTRAP_SERVERS)).ifPresent(b -> clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b));
        clients.put(StreamsConfig.APPLICATION_ID_CONFIG, effective.get(Keys.APPLICATION_ID));
        return clients;
    }

    /** The defaults of a mode, above the catalogue's. */
    public static Map<String, String> modeDefaults(Mode mode) {
        return mode == Mode.DEMO
                ? Map.of(Keys.AUTO_REGISTER_SCHEMAS.key(), "true", Keys.APPLICATION_ID.key(), "launchgraph-demo")
                : Map.of();
    }

    public static LaunchGraphService start(Settings settings, Mode mode) {
        long begin = System.nanoTime();
        LaunchGraphService service = new LaunchGraphService(settings);
        try {
            service.startAll(mode);
        } catch (RuntimeException e) {
            // The embedded broker's threads would otherwise keep the JVM alive after a failed start.
            service.close();
            throw KafkaAccess.explained(e, service.kafkaClientsSoFar());
        } catch (Error e) {
            service.close();
            throw e;
        }
        service.startup = Duration.ofNanos(System.nanoTime() - begin);
        return service;
    }

    private void startAll(Mode mode) {
        Settings s = settings;
        if (mode == Mode.DEMO) {
            s = startEmbedded(s);
            effective = s;
        }
        LOG.info("Configuration:\n  {}", String.join("\n  ", s.describe()));
        String bootstrap = s.require(Keys.BOOTSTRAP_SERVERS);
        Map<String, Object> serdeProperties = serdeProperties(s);
        ConfiguredSerdeFactory serdes = new ConfiguredSerdeFactory(s.get(Keys.SERDE_CLASS), serdeProperties);
        // The live feed below reads back what the graph task writes: it takes those answers as written (decision 54).
        WrittenAnswers written = new WrittenAnswers(topic(s, Topics.BLOCKED_LAUNCHES), WrittenAnswers.DEFAULT_MAX_BYTES);
        TopologyConfig topology = TopologyConfig.of(written.around(serdes))
                .withRecomputeInterval(Duration.ofMillis(s.get(Keys.RECOMPUTE_INTERVAL_MS)))
                .withMaxRecomputeShare(s.get(Keys.RECOMPUTE_MAX_SHARE))
                .withRecomputeSlice(Duration.ofMillis(s.get(Keys.RECOMPUTE_SLICE_MS)))
                .withTopicPrefix(s.get(Keys.TOPIC_PREFIX))
                .withGraphPartitions(GraphPartitions.of(s.get(Keys.GRAPH_PARTITIONS)));
        Map<String, Object> kafkaClients = kafkaClients(s);
        int replication = s.get(Keys.TOPIC_REPLICATION_FACTOR);

        try (Admin admin = Admin.create(kafkaClients)) {
            new TopicProvisioner(admin, Duration.ofSeconds(120))
                    .ensureCatalogue(topology, replication < 0 ? Optional.empty() : Optional.of((short) replication));
        }
        if (s.get(Keys.SERDE_CLASS).isBlank()) {
            checkSchemas(topology, serdeProperties, s.get(Keys.AUTO_REGISTER_SCHEMAS));
        }

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        started.push(metrics::close);

        http = HttpApi.start(new HttpApi.Options(
                s.get(Keys.HTTP_HOST), s.get(Keys.HTTP_PORT), s.get(Keys.HTTP_ADVERTISED_URL),
                s.get(Keys.INGEST_MAX_BODY_BYTES), s.get(Keys.INGEST_MAX_EVENTS),
                s.get(Keys.HTTP_WRITE_RATE_PER_CLIENT), s.get(Keys.HTTP_WRITE_RATE_TOTAL),
                s.get(Keys.HTTP_TOKENS), s.get(Keys.HTTP_PEER_TOKEN), tls(s)), metrics);
        started.push(http);

        Properties props = LaunchGraphStreams.properties(s.get(Keys.APPLICATION_ID), bootstrap, s.get(Keys.STATE_DIR));
        props.putAll(s.passThrough("kafka."));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, http.advertised().host() + ":" + http.advertised().port());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.get(Keys.STREAMS_THREADS));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.get(Keys.STANDBY_REPLICAS));
        props.put(BoundedRocksDbMemory.MEMORY_BYTES, Long.toString(s.get(Keys.ROCKSDB_MEMORY_MB) << 20));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replication);
        streams = LaunchGraphStreams.start(topology.withStoresListener(http.storesListener()), props,
                Duration.ofMinutes(5));
        started.push(streams);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams.streams());
        streamsMetrics.bindTo(metrics);
        started.push(streamsMetrics);

        EventPublisher publisher = new EventPublisher(kafkaClients, serdes.valueSerde(MilestoneEvent.class).serializer(),
                topology.topic(Topics.MILESTONE_EVENTS), transactionalIdPrefix(s, "ingest"));
        started.push(publisher);
        WhatIfReplica whatIf = new WhatIfReplica(kafkaClients, s.get(Keys.APPLICATION_ID), serdes).start();
        started.push(whatIf);
        LiveFeed live = new LiveFeed(kafkaClients, s.get(Keys.APPLICATION_ID) + "-live-feed", topology.topic(Topics.BLOCKED_LAUNCHES),
                serdes.valueSerde(LaunchAnswer.class).deserializer(), whatIf, LiveFeed.KEPT, written).start();
        started.push(live);
        http.attach(streams, publisher, whatIf, live);

        if (mode == Mode.DEMO) {
            List<MilestoneEvent> demo = DemoOrganisation.events();
            publisher.publish(demo);
            try (Admin admin = Admin.create(kafkaClients)) {
                new CatchUp(admin, streams.streams(), s.get(Keys.APPLICATION_ID)).await(
                        topology.topic(Topics.MILESTONE_EVENTS), Topics.graphEventsTopic(s.get(Keys.APPLICATION_ID)),
                        Duration.ofSeconds(120));
                // The last answers commit within a commit interval; the replica reads them after.
                if (!whatIf.awaitCurrent(admin, Duration.ofSeconds(60))) {
                    LOG.warn("The what-if replica has not read the whole demo yet; what-ifs may start from fewer answers for a moment");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the demo", e);
            }
            checkDemoAnswer(DemoOrganisation.KNOWN_BLOCKED_LAUNCH);
            LOG.info("Demo organisation loaded: {} events", demo.size());
        }
    }

    private Settings startEmbedded(Settings s) {
        Path dir;
        try {
            dir = Files.createTempDirectory("launchgraph-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's directory", e);
        }
        started.push(() -> deleteRecursively(dir));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        started.push(kafka);
        Path home = s.get(Keys.REGISTRY_HOME).toString().isEmpty() ? besideTheCode("apicurio-registry") : s.get(Keys.REGISTRY_HOME);
        EmbeddedRegistry registry = EmbeddedRegistry.start(home, dir.resolve("registry"));
        started.push(registry);
        return s.with(Map.of(
                Keys.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                Keys.SCHEMA_REGISTRY_URL.key(), registry.url(),
                Keys.STATE_DIR.key(), dir.resolve("state").toString(),
                Keys.TOPIC_REPLICATION_FACTOR.key(), "1"), "demo");
    }

    /** The HTTP API's TLS settings (off without a key store): the server's key store and the trust store for its peers. */
    public static Tls tls(Settings s) {
        return new Tls(s.get(Keys.HTTP_TLS_KEYSTORE), s.get(Keys.HTTP_TLS_KEYSTORE_PASSWORD), s.get(Keys.HTTP_TLS_KEY_PASSWORD),
                s.get(Keys.HTTP_TLS_TRUSTSTORE), s.get(Keys.HTTP_TLS_TRUSTSTORE_PASSWORD));
    }

    /** The Kafka client settings of a configuration: its bootstrap servers and every {@code kafka.*} setting. */
    public static Map<String, Object> kafkaClients(Settings s) {
        Map<String, Object> clients = new HashMap<>(s.passThrough("kafka."));
        clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.require(Keys.BOOTSTRAP_SERVERS));
        return clients;
    }

    /** The name of one of launchgraph's topics under a configuration's topic prefix. */
    public static String topic(Settings s, TopicSpec<?, ?> spec) {
        return TopologyConfig.of(serdes(s)).withTopicPrefix(s.get(Keys.TOPIC_PREFIX)).topic(spec);
    }

    /**
     * A transactional publisher to a configuration's events topic, as the CLI's Kafka paths
     * publish; its transactional ids start with the application id and {@code purpose}, so that
     * one prefixed ACL on the application id covers every transactional id launchgraph uses.
     */
    public static EventPublisher eventPublisher(Settings s, String purpose) {
        Map<String, Object> clients = kafkaClients(s);
        try {
            return new EventPublisher(clients, serdes(s).valueSerde(MilestoneEvent.class).serializer(), topic(s, Topics.MILESTONE_EVENTS),
                    transactionalIdPrefix(s, purpose));
        } catch (RuntimeException e) {
            Map<String, Object> explained = new HashMap<>(clients);
            explained.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix(s, purpose) + "-*");
            throw KafkaAccess.explained(e, explained);
        }
    }

    private static String transactionalIdPrefix(Settings s, String purpose) {
        return s.get(Keys.APPLICATION_ID) + "-" + purpose;
    }

    /** The serdes of a configuration: its registry (and credentials) and every {@code serde.*} setting. */
    public static ConfiguredSerdeFactory serdes(Settings s) {
        return new ConfiguredSerdeFactory(s.get(Keys.SERDE_CLASS), serdeProperties(s));
    }

    private static Map<String, Object> serdeProperties(Settings s) {
        Map<String, Object> p = new HashMap<>(s.passThrough("serde."));
        p.put(RegistryClientConfig.URL, s.require(Keys.SCHEMA_REGISTRY_URL));
        p.put(WireFormatAvroSerde.AUTO_REGISTER, s.get(Keys.AUTO_REGISTER_SCHEMAS).toString());
        p.put(RegistryClientConfig.RETRIES_BUDGET_MS, s.get(Keys.REGISTRY_RETRY_BUDGET_MS).toString());
        if (!s.get(Keys.REGISTRY_USER_INFO).isBlank()) {
            p.put(RegistryClientConfig.BASIC_AUTH_USER_INFO, s.get(Keys.REGISTRY_USER_INFO));
        }
        if (!s.get(Keys.REGISTRY_BEARER_TOKEN).isBlank()) {
            p.put(RegistryClientConfig.BEARER_AUTH_TOKEN, s.get(Keys.REGISTRY_BEARER_TOKEN));
        }
        for (var trust : List.of(Keys.REGISTRY_TRUSTSTORE_LOCATION, Keys.REGISTRY_TRUSTSTORE_PASSWORD, Keys.REGISTRY_TRUSTSTORE_TYPE)) {
            // The settings carry Confluent's own property names.
            if (!s.get(trust).isBlank()) {
                p.put(trust.key(), s.get(trust));
            }
        }
        return p;
    }

    /**
     * Registers (or, with auto-registration off, checks) the schemas of the topics launchgraph
     * writes, so that a refusal shows at start-up with its subject, not at the first record.
     */
    private static void checkSchemas(TopologyConfig topology, Map<String, Object> serdeProperties, boolean register) {
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(serdeProperties));
        Map<String, Schema> subjects = Map.of(
                WireFormat.subject(topology.topic(Topics.MILESTONE_EVENTS), false), MilestoneEvent.getClassSchema(),
                WireFormat.subject(topology.topic(Topics.BLOCKED_LAUNCHES), false), LaunchAnswer.getClassSchema(),
                WireFormat.subject(topology.topic(Topics.REJECTED_EVENTS), false), DeadLetter.getClassSchema());
        subjects.forEach((subject, schema) -> {
            if (register) {
                registry.register(subject, schema);
            } else {
                try {
                    registry.idOf(subject, schema);
                } catch (RegistryRefusedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("Schema of {} is not registered, and auto.register.schemas is off: writes to it will fail until it is ({})",
                            subject, e.getMessage());
                }
            }
        });
    }

    /** The demo's own check: its showcase launch must be blocked once every event is answered. */
    private void checkDemoAnswer(String launchId) {
        LaunchAnswer answer = streams.store(StateStores.LAUNCH_ANSWERS).get(launchId);
        if (answer == null || !answer.getBlocked()) {
            throw new IllegalStateException("the demo organisation's " + launchId + " should be blocked, but its answer is " + answer);
        }
    }

    /** A sibling of the directory or jar this code was loaded from (app/target/... when built). */
    private static Path besideTheCode(String name) {
        try {
            Path code = Path.of(LaunchGraphService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate launchgraph's own code", e);
        }
    }

    public String httpUrl() {
        return http.advertisedUrl();
    }

    public int httpPort() {
        return http.port();
    }

    public Duration startupTime() {
        return startup;
    }

    public LaunchGraphStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed", part, e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
