package io.launchgraph.app.it;

import static org.awaitility.Awaitility.await;

import io.launchgraph.app.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Three KRaft brokers and a controller of their own, each a child JVM on 127.0.0.1, so that a
 * broker can be killed without taking the metadata quorum with it. Topics get three replicas and
 * {@code min.insync.replicas=2}: one broker down, every write still lands on two.
 */
final class FaultCluster implements AutoCloseable {
    static final int BROKERS = 3;
    private static final int CONTROLLER_ID = 9;

    private final Path dir;
    private final int controllerPort;
    private final int[] brokerPorts = new int[BROKERS];
    private final FaultProcess controller;
    private final List<FaultProcess> brokers = new ArrayList<>();
    private final Admin admin;

    private FaultCluster(Path dir) {
        this.dir = dir;
        this.controllerPort = FaultProcess.freePort();
        for (int i = 0; i < BROKERS; i++) {
            brokerPorts[i] = FaultProcess.freePort();
        }
        String clusterId = Uuid.randomUuid().toString();
        Path controllerConfig = write("controller", controllerProperties());
        format(dir.resolve("controller"), CONTROLLER_ID, clusterId);
        this.controller = new FaultProcess("controller", () -> kafkaCommand("controller", controllerConfig), dir.resolve("controller.log"));
        for (int i = 0; i < BROKERS; i++) {
            int id = i + 1;
            Path config = write("broker-" + id, brokerProperties(id, brokerPorts[i]));
            format(dir.resolve("broker-" + id), id, clusterId);
            brokers.add(new FaultProcess("broker-" + id, () -> kafkaCommand("broker-" + id, config), dir.resolve("broker-" + id + ".log")));
        }
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Formats and starts the controller and the brokers, and waits until all three brokers serve. */
    static FaultCluster start(Path dir) {
        FaultCluster cluster = new FaultCluster(dir);
        cluster.controller.start();
        cluster.brokers.forEach(FaultProcess::start);
        cluster.awaitBrokers(Set.of(1, 2, 3), Duration.ofSeconds(90));
        return cluster;
    }

    String bootstrapServers() {
        List<String> hosts = new ArrayList<>();
        for (int port : brokerPorts) {
            hosts.add("127.0.0.1:" + port);
        }
        return String.join(",", hosts);
    }

    Admin admin() {
        return admin;
    }

    FaultProcess broker(int id) {
        return brokers.get(id - 1);
    }

    List<FaultProcess> brokers() {
        return brokers;
    }

    /** Waits until exactly these broker ids are registered and unfenced. */
    void awaitBrokers(Set<Integer> ids, Duration timeout) {
        await("brokers " + ids + " serving").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast("a broker exited", () -> brokers.stream().filter(b -> ids.contains(brokers.indexOf(b) + 1)).anyMatch(b -> !b.alive())
                        || !controller.alive())
                .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(Node::id)
                        .collect(Collectors.toSet()).containsAll(ids));
    }

    /**
     * Waits until every partition of every topic has all three replicas in sync again, so that the
     * next fault meets a healthy cluster rather than one still catching up from the last.
     */
    void awaitFullyReplicated(Duration timeout) {
        await("every partition fully replicated").atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> underReplicated().isEmpty());
    }

    /** Partitions whose in-sync replicas are fewer than their replicas. */
    List<String> underReplicated() throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names().get(10, TimeUnit.SECONDS);
        List<String> under = new ArrayList<>();
        for (TopicDescription t : admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.isr().size() < p.replicas().size() || p.leader() == null) {
                    under.add(t.name() + "-" + p.partition());
                }
            }
        }
        return under;
    }

    /** The broker leading partition 0 of {@code topic}. */
    int leaderOf(String topic) {
        try {
            Node leader = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().get(0).leader();
            if (leader == null) {
                throw new IllegalStateException(topic + " has no leader");
            }
            return leader.id();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The transactions whose id starts with {@code prefix}, by id: their state and coordinator. */
    Map<String, TransactionDescription> transactions(String prefix) {
        try {
            Collection<TransactionListing> listed = admin.listTransactions().all().get(10, TimeUnit.SECONDS);
            List<String> ids = listed.stream().map(TransactionListing::transactionalId).filter(id -> id.startsWith(prefix)).toList();
            if (ids.isEmpty()) {
                return Map.of();
            }
            return new TreeMap<>(admin.describeTransactions(ids).all().get(10, TimeUnit.SECONDS));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list transactions", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Properties controllerProperties() {
        Properties p = common();
        p.put("process.roles", "controller");
        p.put("node.id", Integer.toString(CONTROLLER_ID));
        p.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("log.dirs", dir.resolve("controller").toAbsolutePath().toString());
        return p;
    }

    private Properties brokerProperties(int id, int port) {
        Properties p = common();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker"),
                Map.entry("node.id", Integer.toString(id)),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("broker-" + id).toAbsolutePath().toString()),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", "3"),
                Map.entry("min.insync.replicas", "2"),
                Map.entry("unclean.leader.election.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "3"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "3"),
                Map.entry("transaction.state.log.min.isr", "2"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("share.coordinator.state.topic.replication.factor", "3"),
                Map.entry("share.coordinator.state.topic.min.isr", "2"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // A killed broker is fenced, and its partitions led elsewhere, within seconds.
                Map.entry("broker.heartbeat.interval.ms", "1000"),
                Map.entry("broker.session.timeout.ms", "6000"),
                Map.entry("replica.lag.time.max.ms", "10000")));
        return p;
    }

    private Properties common() {
        Properties p = new Properties();
        p.put("controller.quorum.voters", CONTROLLER_ID + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        return p;
    }

    private Path write(String name, Properties p) {
        Path file = dir.resolve(name + ".properties");
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void format(Path logDir, int nodeId, String clusterId) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafka.format(logDir, nodeId, clusterId);
    }

    private List<String> kafkaCommand(String name, Path config) {
        return List.of(FaultProcess.java(), "-Xmx256m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dname=" + name,
                "-cp", FaultProcess.packagedClassPath(), "kafka.Kafka", config.toString());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        brokers.forEach(b -> b.stop(Duration.ofSeconds(15)));
        controller.stop(Duration.ofSeconds(10));
    }
}
