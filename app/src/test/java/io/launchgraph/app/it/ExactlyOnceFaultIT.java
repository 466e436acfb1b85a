package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.model.ReferenceModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once under hard faults, the way Apache Kafka's own streams EOS system tests check it:
 * real processes (three brokers and their own controller, the registry, two launchgraph instances
 * from the packaged jar), a steady keyed load, one fault at a time with recovery in between, and
 * then every record counted. {@code -Dfaults.rounds=N} repeats the faults N times (soak);
 * {@code -Dfaults.seed=S} replays a run's input and fault order.
 */
class ExactlyOnceFaultIT {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceFaultIT.class);
    private static final long SEED = Long.getLong("faults.seed", 20_261_201L);
    private static final int ROUNDS = Integer.getInteger("faults.rounds", 1);
    private static final String APP = "faults";
    private static final String PREFIX = "faults.";
    private static final Duration MAX_POLL = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofMinutes(3);

    /** One line of the table: a fault, what was sent and checked while it lasted, and how long answers took to be current again. */
    private record Row(String fault, long sent, long checked, long lost, long duplicated, Duration recovered, String note) {}

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Long> phaseStarts = new LinkedHashMap<>();
    private final Map<String, Duration> recoveries = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    private FaultCluster cluster;
    private FaultRegistry registry;
    private FaultLoad load;
    private final List<FaultInstance> instances = new ArrayList<>();

    @Test
    void shouldLoseAndDuplicateNothingThroughCrashesZombiesBrokerAndRegistryFailures(@TempDir Path dir) throws Exception {
        // given: the cluster, the registry, two instances with a standby each, and the load running
        long started = System.nanoTime();
        java.util.Random faults = new java.util.Random(SEED);
        phase("start");
        try {
            // (the registry starts while the cluster does: on two cores, start-up is most of the bounded run)
            java.util.concurrent.CompletableFuture<FaultRegistry> starting = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> new FaultRegistry(dir).start());
            try {
                cluster = FaultCluster.start(dir.resolve("kafka"));
            } finally {
                registry = starting.join();
            }
            createAnswersTopicKeepingEveryRecord();
            Map<String, String> settings = settings();
            instances.add(new FaultInstance("instance-a", dir, settings).start());
            instances.add(new FaultInstance("instance-b", dir, settings).start());
            for (FaultInstance i : instances) {
                i.awaitReady(Duration.ofMinutes(3));
            }
            load = new FaultLoad(cluster.bootstrapServers(), registry.url(), PREFIX + Topics.MILESTONE_EVENTS.name(), SEED, 800, 200).start();
            phase("steady");
            recoveries.put("steady", awaitProbe("steady"));
            LOG.info("Fault suite: cluster, registry, two instances and the load up in {} s", (System.nanoTime() - started) / 1_000_000_000);

            // when: each fault in turn, recovered from before the next
            for (int round = 1; round <= ROUNDS; round++) {
                String r = ROUNDS == 1 ? "" : " (round " + round + ")";
                FaultInstance victim = instances.get(faults.nextInt(2));
                killMidTransaction("kill -9 of an instance mid-transaction" + r, victim);
                zombie("SIGSTOP past max.poll.interval.ms, then SIGCONT" + r, other(victim));
                killBroker("kill -9 of the graph partition's leader" + r, cluster.leaderOf(graphTopic()));
                killBroker("kill -9 of the transaction coordinator" + r, coordinator());
                allBrokersDown("all brokers down for 30 s" + r);
                registryRestart("registry killed and restarted" + r, instances.get(faults.nextInt(2)));
                standbyTakeover("instance killed, its standby takes over" + r, instances.get(faults.nextInt(2)));
            }
            phase("drain");
            load.stop();

            // then: verified as Kafka verifies its exactly-once
            verify();
        } finally {
            LOG.info("Fault suite took {} s", (System.nanoTime() - started) / 1_000_000_000);
            closeAll();
        }
    }

    // ---- the faults

    private void killMidTransaction(String fault, FaultInstance victim) {
        phase(fault);
        String prefix = APP + "-" + victim.streamsProcessId().orElseThrow() + "-";
        // A long commit interval keeps a transaction open most of the time; wait for one to be.
        boolean open = waitFor(() -> cluster.transactions(prefix).values().stream().anyMatch(t -> t.state() == TransactionState.ONGOING),
                Duration.ofSeconds(20));
        victim.process().kill();
        notes.put(fault, victim.name() + (open ? ", a transaction open" : ", no transaction seen open"));
        victim.start();
        recoveries.put(fault, awaitProbe(fault));
        victim.awaitReady(RECOVERY);
    }

    private void zombie(String fault, FaultInstance victim) {
        phase(fault);
        String processId = victim.streamsProcessId().orElseThrow();
        long paused = System.nanoTime();
        victim.process().pause();
        // Frozen past max.poll.interval.ms, and the group has moved on without it.
        await(fault + ": the group goes on without " + victim.name()).atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> System.nanoTime() - paused > MAX_POLL.toNanos() + TimeUnit.SECONDS.toNanos(1)
                        && groupMembers().stream().noneMatch(m -> m.clientId().contains(processId)));
        long logFrom = victim.process().logSize();
        victim.process().resume();
        recoveries.put(fault, awaitProbe(fault));
        boolean fenced = waitFor(() -> victim.process().logContainsSince(logFrom, "fenced")
                || victim.process().logContainsSince(logFrom, "missed a rebalance"), Duration.ofSeconds(30));
        notes.put(fault, victim.name() + (fenced ? ", fenced on waking" : ", rejoined without a write to fence"));
        victim.awaitReady(RECOVERY);
    }

    private void killBroker(String fault, int brokerId) {
        phase(fault);
        long start = System.nanoTime();
        cluster.broker(brokerId).kill();
        // The service must recover while the broker is still down: two replicas remain in sync.
        recoveries.put(fault, awaitProbe(fault));
        notes.put(fault, "broker " + brokerId + ", down " + (System.nanoTime() - start) / 1_000_000_000 + " s");
        cluster.broker(brokerId).start();
        cluster.awaitBrokers(Set.of(1, 2, 3), RECOVERY);
        cluster.awaitFullyReplicated(RECOVERY);
    }

    private void allBrokersDown(String fault) {
        phase(fault);
        cluster.brokers().forEach(FaultProcess::kill);
        long down = System.nanoTime();
        await(fault + ": the instances stay up while no broker is").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .failFast("an instance exited", () -> instances.stream().anyMatch(i -> !i.process().alive()))
                .until(() -> System.nanoTime() - down >= TimeUnit.SECONDS.toNanos(30));
        cluster.brokers().forEach(FaultProcess::start);
        cluster.awaitBrokers(Set.of(1, 2, 3), RECOVERY);
        recoveries.put(fault, awaitProbe(fault));
        assertThat(instances).as("instances recover without a restart").allMatch(i -> i.process().alive());
        notes.put(fault, "no instance restarted");
        cluster.awaitFullyReplicated(RECOVERY);
    }

    private void registryRestart(String fault, FaultInstance restarted) {
        phase(fault);
        registry.kill();
        // An instance starting now finds no registry: it has no schema cached and must wait for it.
        restarted.process().kill();
        restarted.start();
        long down = System.nanoTime();
        await(fault + ": the registry stays down a while").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .failFast(restarted.name() + " exited:\n" + restarted.process().logTail(30), () -> !restarted.process().alive())
                .until(() -> System.nanoTime() - down >= TimeUnit.SECONDS.toNanos(5));
        registry.restart();
        recoveries.put(fault, awaitProbe(fault));
        restarted.awaitReady(RECOVERY);
        notes.put(fault, restarted.name() + " restarted while it was down");
    }

    private void standbyTakeover(String fault, FaultInstance victim) {
        phase(fault);
        FaultInstance survivor = other(victim);
        victim.process().kill();
        recoveries.put(fault, awaitProbe(fault, List.of(survivor)));
        notes.put(fault, survivor.name() + " answered alone");
        victim.start();
        victim.awaitReady(RECOVERY);
    }

    // ---- the verification

    private void verify() throws Exception {
        String events = PREFIX + Topics.MILESTONE_EVENTS.name();
        Map<String, Object> serdes = Map.of(RegistryClientConfig.URL, registry.url());
        assertThat(load.failedSends()).as("sends that failed and were sent again (each could be in the log twice)").isZero();

        // the consumer group drained its input, every committed input offset consumed
        await("the group drained").atMost(RECOVERY).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> lag(events) == 0 && lag(graphTopic()) == 0);

        // every input record: an event folded, or a bad record dead-lettered
        Deserializer<MilestoneEvent> eventValues = new ConfiguredSerdeFactory(null, serdes).valueSerde(MilestoneEvent.class).deserializer();
        List<MilestoneEvent> accepted = new ArrayList<>();
        Set<FaultLoad.Acked> input = new HashSet<>();
        Set<String> badOffsets = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : Deployment.readAll(cluster.bootstrapServers(), events, new ByteArrayDeserializer())) {
            boolean bad = new String(r.key(), StandardCharsets.UTF_8).startsWith("bad-");
            input.add(new FaultLoad.Acked(r.partition(), r.offset(), bad));
            if (bad) {
                badOffsets.add(r.partition() + "@" + r.offset());
            } else {
                accepted.add(eventValues.deserialize(events, r.value()));
            }
        }
        Set<String> deadLettered = new HashSet<>();
        Deserializer<DeadLetter> letters = new ConfiguredSerdeFactory(null, serdes).valueSerde(DeadLetter.class).deserializer();
        for (ConsumerRecord<byte[], byte[]> r : Deployment.readAll(cluster.bootstrapServers(), PREFIX + Topics.REJECTED_EVENTS.name(),
                new ByteArrayDeserializer())) {
            DeadLetter d = letters.deserialize(r.topic(), r.value());
            assertThat(d.getTopic()).isEqualTo(events);
            assertThat(deadLettered.add(d.getPartition() + "@" + d.getOffset())).as("dead-lettered once: %s", d).isTrue();
        }
        assertThat(deadLettered).as("dead letters: exactly the bad records sent").isEqualTo(badOffsets);
        assertThat(badOffsets).as("bad records were sent").isNotEmpty();

        // the latest answer of every launch on blocked-launches: the model's, for all accepted input
        Map<String, Answer> expected = new ReferenceModel(accepted).answers();
        String answersTopic = PREFIX + Topics.BLOCKED_LAUNCHES.name();
        awaitNoOpenTransactions();
        Map<String, Answer> latestOpen = new TreeMap<>(Deployment.latestAnswers(cluster.bootstrapServers(), answersTopic, serdes));
        latestOpen.values().removeIf(a -> !a.open());
        Set<String> wrong = new HashSet<>(expected.keySet());
        wrong.addAll(latestOpen.keySet());
        wrong.removeIf(id -> Objects.equals(expected.get(id), latestOpen.get(id)));

        // no answer transition published twice in a row for a key
        // (Avro's binary encoding is canonical: the same answer is the same bytes, schema id included.)
        Map<String, byte[]> previous = new HashMap<>();
        Map<String, Long> checked = new HashMap<>();
        Map<String, Long> duplicated = new HashMap<>();
        Deployment.forEachRecord(cluster.bootstrapServers(), answersTopic, new StringDeserializer(), "read_committed", r -> {
            String phase = phaseAt(r.timestamp());
            checked.merge(phase, 1L, Long::sum);
            if (java.util.Arrays.equals(r.value(), previous.put(r.key(), r.value()))) {
                duplicated.merge(phase, 1L, Long::sum);
                LOG.error("Published twice in a row for {} at {}@{}", r.key(), r.partition(), r.offset());
            }
        });

        // every instance answers as the model does
        for (FaultInstance i : instances) {
            await("answers of " + i.name()).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(i.api().openAnswers()).isEqualTo(expected));
        }

        long lostTotal = 0;
        for (String phase : phaseStarts.keySet()) {
            Set<FaultLoad.Acked> acked = load.ackedIn(phase);
            long lost = acked.stream().filter(a -> !input.contains(a)).count();
            lostTotal += lost;
            rows.add(new Row(phase, load.sentIn(phase), checked.getOrDefault(phase, 0L), lost, duplicated.getOrDefault(phase, 0L),
                    recoveries.get(phase), notes.getOrDefault(phase, "")));
        }
        printTable(accepted.size(), badOffsets.size(), checked.values().stream().mapToLong(Long::longValue).sum(), wrong.size());
        assertThat(lostTotal).as("acknowledged records missing from the input log").isZero();
        assertThat(wrong).as("launches whose latest published answer differs from the model's").isEmpty();
        assertThat(duplicated).as("answer transitions published twice in a row").isEmpty();
        assertThat(expected.size()).as("open launches").isGreaterThan(20);
    }

    /** Messages behind the group's committed offset on every partition of {@code topic}. */
    private long lag(String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin().listConsumerGroupOffsets(APP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = endOffsets(topic, IsolationLevel.READ_COMMITTED);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /**
     * The read_committed end of every partition the application writes equals its end: no
     * transaction left dangling by a killed instance or a fenced zombie.
     */
    private void awaitNoOpenTransactions() {
        await("no transaction left open").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    List<String> dangling = new ArrayList<>();
                    for (String topic : cluster.admin().listTopics().names().get(10, TimeUnit.SECONDS)) {
                        if (topic.startsWith(PREFIX) || topic.startsWith(APP + "-")) {
                            Map<TopicPartition, Long> committed = endOffsets(topic, IsolationLevel.READ_COMMITTED);
                            Map<TopicPartition, Long> all = endOffsets(topic, IsolationLevel.READ_UNCOMMITTED);
                            committed.forEach((tp, o) -> {
                                if (!o.equals(all.get(tp))) {
                                    dangling.add(tp + " " + o + " < " + all.get(tp));
                                }
                            });
                        }
                    }
                    assertThat(dangling).as("partitions whose read_committed end is behind their end").isEmpty();
                });
    }

    private Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo p : cluster.admin().describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()) {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        cluster.admin().listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private void printTable(int accepted, int bad, long published, int wrong) {
        StringBuilder t = new StringBuilder(String.format("%nFault suite (seed %d, %d round%s): %d events accepted, %d bad records dead-lettered,"
                + " %d answers published, %d launches answered differently from the model%n", SEED, ROUNDS, ROUNDS == 1 ? "" : "s",
                accepted, bad, published, wrong));
        t.append(String.format("%-52s %8s %8s %5s %5s %10s  %s%n", "fault", "sent", "checked", "lost", "dup", "recovered", "note"));
        for (Row r : rows) {
            t.append(String.format("%-52s %8d %8d %5d %5d %10s  %s%n", r.fault(), r.sent(), r.checked(), r.lost(), r.duplicated(),
                    r.recovered() == null ? "-" : String.format("%.1f s", r.recovered().toMillis() / 1000.0), r.note()));
        }
        LOG.info("{}", t);
    }

    // ---- helpers

    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", cluster.bootstrapServers());
        s.put("schema.registry.url", registry.url());
        s.put("application.id", APP);
        s.put("topic.prefix", PREFIX);
        s.put("topic.replication.factor", "3");
        s.put("streams.standby.replicas", "1");
        s.put("auto.register.schemas", "true");
        // Long enough that a kill usually meets an open transaction.
        s.put("kafka.commit.interval.ms", "2000");
        s.put("kafka.max.poll.interval.ms", Long.toString(MAX_POLL.toMillis()));
        return s;
    }

    /**
     * blocked-launches created before the instances start, so that its log keeps every record
     * (a long {@code min.compaction.lag.ms}) and each is stamped when the broker appended it (to
     * tell which fault it was written under).
     */
    private void createAnswersTopicKeepingEveryRecord() throws Exception {
        NewTopic topic = new NewTopic(PREFIX + Topics.BLOCKED_LAUNCHES.name(), Topics.DEFAULT_PARTITIONS, (short) 3).configs(Map.of(
                "cleanup.policy", "compact",
                "min.compaction.lag.ms", Long.toString(Duration.ofDays(7).toMillis()),
                "message.timestamp.type", "LogAppendTime"));
        cluster.admin().createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }

    private void phase(String name) {
        phaseStarts.put(name, System.currentTimeMillis());
        if (load != null) {
            load.phase(name);
        }
        LOG.info("Fault suite: {}", name);
    }

    private String phaseAt(long timestamp) {
        String current = "start";
        for (Map.Entry<String, Long> e : phaseStarts.entrySet()) {
            if (e.getValue() <= timestamp) {
                current = e.getKey();
            }
        }
        return current;
    }

    /** Sends a probe now and waits until every live instance answers it: the time answers took to be current again. */
    private Duration awaitProbe(String fault) {
        return awaitProbe(fault, instances.stream().filter(i -> i.process().alive()).toList());
    }

    private Duration awaitProbe(String fault, List<FaultInstance> live) {
        long start = System.nanoTime();
        boolean blocked = load.probe();
        await(fault + ": the probe answered by " + live.stream().map(FaultInstance::name).toList()).atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> live.stream().allMatch(i -> probeBlocked(i) == blocked));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("Fault suite: {}: answers current again after {} ms", fault, took.toMillis());
        return took;
    }

    private static Boolean probeBlocked(FaultInstance instance) {
        RunningService.Response r = instance.api().get("/launches/" + FaultLoad.PROBE_LAUNCH);
        JsonNode body = r.body();
        return r.status() == 200 && body != null ? body.path("blocked").asBoolean() : null;
    }

    private List<MemberDescription> groupMembers() throws Exception {
        ConsumerGroupDescription group = cluster.admin().describeConsumerGroups(List.of(APP)).all().get(10, TimeUnit.SECONDS).get(APP);
        return new ArrayList<>(group.members());
    }

    private int coordinator() {
        Map<String, TransactionDescription> open = cluster.transactions(APP + "-");
        assertThat(open).as("the application's transactional producers").isNotEmpty();
        return open.values().iterator().next().coordinatorId();
    }

    private static String graphTopic() {
        return Topics.graphEventsTopic(APP);
    }

    private FaultInstance other(FaultInstance i) {
        return instances.get(0) == i ? instances.get(1) : instances.get(0);
    }

    /** Whether {@code condition} came true within {@code timeout} (an observation, not an assertion). */
    private static boolean waitFor(java.util.concurrent.Callable<Boolean> condition, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private void closeAll() {
        if (load != null) {
            load.close();
        }
        instances.forEach(FaultInstance::close);
        if (registry != null) {
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
