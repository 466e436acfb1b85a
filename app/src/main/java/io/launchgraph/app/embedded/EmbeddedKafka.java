package io.launchgraph.app.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) inside this JVM, listening on
 * 127.0.0.1 only. Serves the embedded default and the integration tests.
 *
 * <p>The log directory is formatted once; starting again on a formatted directory keeps its data.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** The node id of the single broker and controller (the scale benchmark starts one in its own process). */
    public static final int NODE_ID = 1;
    /** The log cleaner's key map: about 1.3M keys a pass (24 bytes each, 0.9 full), where the default held 5M. */
    static final int DEDUPE_BUFFER_BYTES = 32 * 1024 * 1024;
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String extraBootstrapServers;
    private final Path logDir;

    /**
     * One more listener for clients, with its own security protocol (e.g. {@code SASL_SSL}), and
     * the broker settings it needs ({@code listener.name.<name>.*}, an authorizer...). The
     * PLAINTEXT listener stays, for the controller and the broker itself: the tests of a secured
     * cluster use it.
     */
    public record ExtraListener(String name, String securityProtocol, Map<String, String> brokerSettings) {
        public ExtraListener {
            brokerSettings = Map.copyOf(brokerSettings);
        }
    }

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String extraBootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.extraBootstrapServers = extraBootstrapServers;
        this.logDir = logDir;
    }

    /** Starts a broker whose data lives in {@code dataDir} (created, and formatted when new). */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, null);
    }

    /** Starts a broker with one more listener ({@code extra}, or none when null). */
    public static EmbeddedKafka start(Path dataDir, ExtraListener extra) {
        long started = System.nanoTime();
        Path logDir = dataDir.resolve("kraft-logs");
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            // Ports are picked before the broker binds them; another process may win the race.
            int brokerPort = FreePort.pick();
            int controllerPort = FreePort.pick();
            int extraPort = extra == null ? -1 : FreePort.pick();
            try {
                EmbeddedKafka kafka = startOn(logDir, brokerPort, controllerPort, extra, extraPort);
                LOG.info("Kafka (KRaft) ready at {} in {} ms, data in {}",
                        kafka.bootstrapServers, (System.nanoTime() - started) / 1_000_000, logDir);
                return kafka;
            } catch (RuntimeException e) {
                LOG.warn("Kafka did not start on ports {}/{} (attempt {} of {}): {}",
                        brokerPort, controllerPort, attempt, START_ATTEMPTS, e.toString());
                last = e;
            }
        }
        throw new IllegalStateException("Kafka could not start in " + logDir, last);
    }

    private static EmbeddedKafka startOn(Path logDir, int brokerPort, int controllerPort, ExtraListener extra, int extraPort) {
        Properties props = brokerProperties(logDir, brokerPort, controllerPort);
        String extraBootstrap = null;
        if (extra != null) {
            extraBootstrap = "127.0.0.1:" + extraPort;
            String listener = extra.name() + "://" + extraBootstrap;
            props.put("listeners", props.getProperty("listeners") + "," + listener);
            props.put("advertised.listeners", props.getProperty("advertised.listeners") + "," + listener);
            props.put("listener.security.protocol.map",
                    props.getProperty("listener.security.protocol.map") + "," + extra.name() + ":" + extra.securityProtocol());
            props.putAll(extra.brokerSettings());
        }
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        try {
            awaitBrokerServing(bootstrap);
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        return new EmbeddedKafka(server, bootstrap, extraBootstrap, logDir);
    }

    /** The single node's settings: broker and controller in one, one replica of everything. */
    public static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                // One broker: every internal topic has one replica, or consumer groups and
                // exactly-once cannot work.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // A transaction past its timeout is aborted within half a second rather than ten:
                // a dead instance's open transaction holds back read_committed readers no longer.
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500"),
                Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE)),
                // The log cleaner's key map is allocated whole on the heap: the default 128 MiB was
                // the largest object of the demo's heap at 100k milestones. A smaller map compacts
                // the changelogs in more passes, each of fewer keys.
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(DEDUPE_BUFFER_BYTES))));
        return p;
    }

    private static void format(Path logDir) {
        format(logDir, NODE_ID, Uuid.randomUuid().toString());
    }

    /**
     * Formats a KRaft log directory for node {@code nodeId} of cluster {@code clusterId} (a static
     * controller quorum, listener CONTROLLER), as {@code kafka-storage.sh format} would.
     */
    public static void format(Path logDir, int nodeId, String clusterId) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(clusterId)
                    .setNodeId(nodeId)
                    .addDirectory(logDir.toAbsolutePath().toString())
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the KRaft log directory " + logDir, e);
        }
    }

    private static void awaitBrokerServing(String bootstrap) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            var nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("broker at " + bootstrap + " reports no nodes");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("broker at " + bootstrap + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The address of the extra listener, or null when started without one. */
    public String extraBootstrapServers() {
        return extraBootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops the broker, then the controller; the data stays in the log directory. */
    @Override
    public void close() {
        long start = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka at {} stopped in {} ms", bootstrapServers, (System.nanoTime() - start) / 1_000_000);
    }
}
