package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.kafka.TopicProvisioner;
import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.app.serde.WireFormatAvroSerde;
import io.launchgraph.app.streams.CatchUp;
import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.GraphMetrics;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.AvroMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One launchgraph deployment on the shared test broker and registry: its own topic prefix,
 * application id and state directory, its topics provisioned, the topology running.
 */
final class Deployment implements AutoCloseable {
    final RealKafkaAndRegistry.Infra infra;
    final TopologyConfig config;
    final Map<String, Object> serdeProperties;
    private final String applicationId;
    private final Path stateDir;
    private final Map<String, ?> streamsOverrides;
    private LaunchGraphStreams streams;
    private Duration recomputeSlice = TopologyConfig.DEFAULT_RECOMPUTE_SLICE;
    private GraphPartitions graphPartitions = GraphPartitions.ONE;
    private final KafkaProducer<String, MilestoneEvent> producer;
    private final KafkaProducer<byte[], byte[]> rawProducer;

    Deployment(RealKafkaAndRegistry.Infra infra, Path stateDir, String name, Map<String, ?> extraSerdeProperties) {
        this(infra, stateDir, name, extraSerdeProperties, Map.of());
    }

    Deployment(RealKafkaAndRegistry.Infra infra, Path stateDir, String name, Map<String, ?> extraSerdeProperties,
            Map<String, ?> streamsOverrides) {
        this.infra = infra;
        this.streamsOverrides = streamsOverrides;
        this.stateDir = stateDir;
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.applicationId = "launchgraph-" + id;
        this.serdeProperties = new HashMap<>(Map.of(
                RegistryClientConfig.URL, infra.registryUrl(),
                WireFormatAvroSerde.AUTO_REGISTER, "true"));
        serdeProperties.putAll(extraSerdeProperties);
        this.config = TopologyConfig.of(new ConfiguredSerdeFactory(null, serdeProperties)).withTopicPrefix(id + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            new TopicProvisioner(admin, Duration.ofSeconds(60)).ensureCatalogue(config, Optional.of((short) 1));
        }
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ConfiguredSerdeFactory(null, serdeProperties).valueSerde(MilestoneEvent.class).serializer());
        this.rawProducer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    Deployment(RealKafkaAndRegistry.Infra infra, Path stateDir, String name) {
        this(infra, stateDir, name, Map.of());
    }

    Deployment start() {
        return start(new ConfiguredSerdeFactory(null, serdeProperties));
    }

    /** Starts with this recompute slice (see {@link TopologyConfig#recomputeSlice()}). */
    Deployment withRecomputeSlice(Duration slice) {
        recomputeSlice = slice;
        return this;
    }

    /** Starts on this many graph partitions (decision 47). */
    Deployment withGraphPartitions(int count) {
        graphPartitions = GraphPartitions.of(count);
        return this;
    }

    /** Launches each local graph task has derived so far, by task id (the topology's metric). */
    Map<String, Double> launchesDerivedByTask() {
        Map<String, Double> byTask = new TreeMap<>();
        streams.streams().metrics().forEach((name, metric) -> {
            if (name.group().equals(GraphMetrics.GROUP) && name.name().equals(GraphMetrics.LAUNCHES_DERIVED)) {
                byTask.put(name.tags().get(GraphMetrics.TASK_ID_TAG), ((Number) metric.metricValue()).doubleValue());
            }
        });
        return byTask;
    }

    /** Starts the topology with the given serdes (the rest of the configuration as built). */
    Deployment start(io.launchgraph.topology.serde.SerdeFactory serdes) {
        TopologyConfig withSerdes = new TopologyConfig(
                serdes, config.recomputeInterval(), config.maxRecomputeShare(), config.topicPrefix(), recomputeSlice)
                .withGraphPartitions(graphPartitions);
        Properties props = LaunchGraphStreams.properties(applicationId, infra.bootstrapServers(), stateDir);
        props.put("replication.factor", 1);
        props.putAll(streamsOverrides);
        streams = LaunchGraphStreams.start(withSerdes, props, Duration.ofSeconds(90));
        return this;
    }

    String topic(io.launchgraph.topology.TopicSpec<?, ?> spec) {
        return config.topic(spec);
    }

    /** Produces events keyed by their entity, waiting for every acknowledgement. */
    void send(List<MilestoneEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (MilestoneEvent e : events) {
            acks.add(producer.send(new ProducerRecord<>(topic(Topics.MILESTONE_EVENTS), EventRules.entityId(e), e)));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("producing failed", e);
            }
        }
    }

    void sendRaw(byte[] key, byte[] value) {
        try {
            rawProducer.send(new ProducerRecord<>(topic(Topics.MILESTONE_EVENTS), key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("producing failed", e);
        }
    }

    ReadOnlyKeyValueStore<String, LaunchAnswer> answerStore() {
        return streams.store(StateStores.LAUNCH_ANSWERS);
    }

    int streamThreadFailures() {
        return streams.streamThreadFailures();
    }

    /** Whether the stored answer of {@code launchId} says blocked (false when there is none). */
    boolean isBlocked(String launchId) {
        LaunchAnswer a = answerStore().get(launchId);
        return a != null && a.getBlocked();
    }

    Map<String, LaunchAnswer> storedAnswers() {
        Map<String, LaunchAnswer> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, LaunchAnswer> it = answerStore().all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    /** The answers in the stores of one graph partition. */
    Map<String, LaunchAnswer> storedAnswers(int partition) {
        ReadOnlyKeyValueStore<String, LaunchAnswer> store = streams.streams().store(StoreQueryParameters
                .fromNameAndType(StateStores.LAUNCH_ANSWERS.name(), QueryableStoreTypes.<String, LaunchAnswer>keyValueStore())
                .withPartition(partition));
        Map<String, LaunchAnswer> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, LaunchAnswer> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    /** The open answers in the stores, as the reference model gives them. */
    Map<String, Answer> openStoredAnswers() {
        Map<String, Answer> open = new TreeMap<>();
        storedAnswers().forEach((id, a) -> {
            if (a.getOpen()) {
                open.put(id, AvroMapping.fromAvro(a));
            }
        });
        return open;
    }

    /** Every committed record of blocked-launches, in partition order. */
    List<KeyValue<String, LaunchAnswer>> blockedLaunchRecords() {
        return blockedLaunchRecords(infra.bootstrapServers(), topic(Topics.BLOCKED_LAUNCHES), serdeProperties);
    }

    /** The latest committed record of each key of blocked-launches. */
    Map<String, Answer> latestPublishedAnswers() {
        return latestAnswers(infra.bootstrapServers(), topic(Topics.BLOCKED_LAUNCHES), serdeProperties);
    }

    /** The latest committed record of each key of a blocked-launches topic. */
    static Map<String, Answer> latestAnswers(String bootstrapServers, String topic, Map<String, ?> serdeProperties) {
        // Only the latest bytes of each key are kept and decoded: a topic holds many superseded
        // answers, and decoding them all (each root with its path of strings) once filled a
        // 2 GB test heap on a slow machine.
        Map<String, byte[]> latestBytes = new HashMap<>();
        forEachRecord(bootstrapServers, topic, new StringDeserializer(), "read_committed", r -> latestBytes.put(r.key(), r.value()));
        Deserializer<LaunchAnswer> values = new ConfiguredSerdeFactory(null, serdeProperties).valueSerde(LaunchAnswer.class).deserializer();
        Map<String, Answer> latest = new TreeMap<>();
        latestBytes.forEach((id, bytes) -> latest.put(id, AvroMapping.fromAvro(values.deserialize(topic, bytes))));
        return latest;
    }

    /** Waits until every event sent so far is folded and answered in the stores (see {@link CatchUp}). */
    void awaitCaughtUp() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            new CatchUp(admin, streams.streams(), applicationId)
                    .await(topic(Topics.MILESTONE_EVENTS), Topics.graphEventsTopic(applicationId), Duration.ofMinutes(2));
        }
    }

    /**
     * Waits until the latest committed record of every key on blocked-launches is the answer in
     * the store. Under exactly-once a store already shows the writes of the open transaction,
     * while a read_committed consumer sees them only once it commits; so after the stores have
     * converged, the topic follows within a commit interval, not at once.
     */
    void awaitCommittedAnswersEqualStored() {
        await("blocked-launches to commit the stored answers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, Answer> stored = new TreeMap<>();
                    storedAnswers().forEach((id, a) -> stored.put(id, AvroMapping.fromAvro(a)));
                    assertThat(latestPublishedAnswers()).isEqualTo(stored);
                });
    }

    /** Every committed record of a blocked-launches topic, in partition order. */
    static List<KeyValue<String, LaunchAnswer>> blockedLaunchRecords(String bootstrapServers, String topic, Map<String, ?> serdeProperties) {
        Deserializer<LaunchAnswer> values = new ConfiguredSerdeFactory(null, serdeProperties).valueSerde(LaunchAnswer.class).deserializer();
        List<KeyValue<String, LaunchAnswer>> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrapServers, topic, new StringDeserializer())) {
            records.add(KeyValue.pair(r.key(), values.deserialize(r.topic(), r.value())));
        }
        return records;
    }

    List<DeadLetter> deadLetters() {
        Deserializer<DeadLetter> values = new ConfiguredSerdeFactory(null, serdeProperties).valueSerde(DeadLetter.class).deserializer();
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(infra.bootstrapServers(), topic(Topics.REJECTED_EVENTS), new ByteArrayDeserializer())) {
            letters.add(values.deserialize(r.topic(), r.value()));
        }
        return letters;
    }

    /** Every committed record of {@code topic}, in partition order. */
    static <K> List<ConsumerRecord<K, byte[]>> readAll(String bootstrapServers, String topic, Deserializer<K> keys) {
        return readAll(bootstrapServers, topic, keys, "read_committed");
    }

    /** Every record of {@code topic} a reader at {@code isolation} reads, in partition order. */
    static <K> List<ConsumerRecord<K, byte[]>> readAll(String bootstrapServers, String topic, Deserializer<K> keys, String isolation) {
        List<ConsumerRecord<K, byte[]>> records = new ArrayList<>();
        forEachRecord(bootstrapServers, topic, keys, isolation, records::add);
        return records;
    }

    /** Hands every record of {@code topic} a reader at {@code isolation} reads to {@code action}, in partition order, without keeping them. */
    static <K> void forEachRecord(String bootstrapServers, String topic, Deserializer<K> keys, String isolation,
            java.util.function.Consumer<ConsumerRecord<K, byte[]>> action) {
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, byte[]> consumer = new KafkaConsumer<>(consumerConfig, keys, new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(action);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
        if (streams != null) {
            streams.close();
        }
    }

    /** The sum of a topic's end offsets (every record and transaction marker written to it so far). */
    static long endOffsets(String bootstrapServers, String topic) {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
