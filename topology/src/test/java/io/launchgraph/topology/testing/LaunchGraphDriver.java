package io.launchgraph.topology.testing;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.LaunchGraphTopology;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.serde.InMemorySchemaRegistryClient;
import io.launchgraph.topology.serde.WireFormatSerdeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The topology in a {@link TopologyTestDriver}, with an in-memory schema registry, its own state
 * directory, and helpers that speak in events and answers.
 *
 * <p>With several graph partitions it runs one driver per partition, each deriving as that
 * partition would ({@link GraphPartitions#simulating}), and sends every event to all of them, as
 * the graph topic's multicast does. The maps it reads ({@link #answers()}, {@link #teamEntries()})
 * then gather the partitions' stores, and what the graph tasks publish is gathered in partition
 * order. The stores every partition holds whole are read from partition 0.
 */
public final class LaunchGraphDriver implements AutoCloseable {
    public static final Duration RECOMPUTE_INTERVAL = Duration.ofMillis(100);

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final WireFormatSerdeFactory serdes = new WireFormatSerdeFactory(registry, true);
    private final Serde<MilestoneEvent> eventSerde = serdes.valueSerde(MilestoneEvent.class);
    private final List<Task> tasks = new ArrayList<>();

    /** One driver holding the partition's stores, input and outputs. */
    private final class Task {
        final Path stateDir;
        final TopologyTestDriver driver;
        final TestInputTopic<byte[], byte[]> input;
        final TestOutputTopic<String, LaunchAnswer> blockedLaunches;
        final TestOutputTopic<byte[], DeadLetter> deadLetters;

        Task(GraphPartitions partitions) {
            try {
                // Under target/, not the OS temp directory, which the OS may clean under Kafka Streams' feet.
                Path parent = Files.createDirectories(Path.of("target", "ttd-state"));
                stateDir = Files.createTempDirectory(parent, "launchgraph-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Pacing off: it measures real durations, and the tests drive a mock clock.
            Topology topology = LaunchGraphTopology.build(
                    new TopologyConfig(serdes, RECOMPUTE_INTERVAL, 1.0, "").withGraphPartitions(partitions));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "launchgraph-test-" + UUID.randomUUID());
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
            props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
            driver = new TopologyTestDriver(topology, props);
            input = driver.createInputTopic(Topics.MILESTONE_EVENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
            blockedLaunches = driver.createOutputTopic(
                    Topics.BLOCKED_LAUNCHES.name(), new StringDeserializer(), serdes.valueSerde(LaunchAnswer.class).deserializer());
            deadLetters = driver.createOutputTopic(
                    Topics.REJECTED_EVENTS.name(), new ByteArrayDeserializer(), serdes.valueSerde(DeadLetter.class).deserializer());
        }
    }

    /** The topology on one graph partition. */
    public LaunchGraphDriver() {
        this(1);
    }

    /** The topology on {@code graphPartitions} graph partitions, each in its own driver. */
    public LaunchGraphDriver(int graphPartitions) {
        try {
            for (int p = 0; p < graphPartitions; p++) {
                tasks.add(new Task(graphPartitions == 1 ? GraphPartitions.ONE : GraphPartitions.of(graphPartitions).simulating(p)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int graphPartitions() {
        return tasks.size();
    }

    public WireFormatSerdeFactory serdes() {
        return serdes;
    }

    /** Produces events keyed by their entity id, as a well-behaved producer does. */
    public LaunchGraphDriver send(MilestoneEvent... events) {
        for (MilestoneEvent e : events) {
            sendRaw(EventRules.entityId(e).getBytes(StandardCharsets.UTF_8), encode(e));
        }
        return this;
    }

    public LaunchGraphDriver send(List<MilestoneEvent> events) {
        return send(events.toArray(MilestoneEvent[]::new));
    }

    public byte[] encode(MilestoneEvent e) {
        return eventSerde.serializer().serialize(Topics.MILESTONE_EVENTS.name(), e);
    }

    public LaunchGraphDriver sendRaw(byte[] key, byte[] value) {
        for (Task t : tasks) {
            t.input.pipeInput(key, value);
        }
        return this;
    }

    /** Lets the recompute interval pass, so the graph task publishes what changed. */
    public LaunchGraphDriver recompute() {
        for (Task t : tasks) {
            t.driver.advanceWallClockTime(RECOMPUTE_INTERVAL);
        }
        return this;
    }

    /** Sends the events, then lets the graph task publish. */
    public LaunchGraphDriver sendAndRecompute(MilestoneEvent... events) {
        return send(events).recompute();
    }

    /** Records published on blocked-launches since the last call, in order. */
    public List<KeyValue<String, LaunchAnswer>> publishedAnswers() {
        List<KeyValue<String, LaunchAnswer>> all = new ArrayList<>();
        for (Task t : tasks) {
            all.addAll(t.blockedLaunches.readKeyValuesToList());
        }
        return all;
    }

    /**
     * Dead letters since the last call, in order (partition by partition). The validation stage
     * runs once, before the multicast, but each driver runs its own: its refusals are read from
     * the first driver, and the graph tasks' own ({@code conflicting_event}) from every driver.
     */
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> all = new ArrayList<>(tasks.get(0).deadLetters.readValuesToList());
        for (Task t : tasks.subList(1, tasks.size())) {
            t.deadLetters.readValuesToList().stream()
                    .filter(d -> d.getReasonCode().equals(EventRules.CONFLICTING_EVENT))
                    .forEach(all::add);
        }
        return all;
    }

    public KeyValueStore<String, LaunchAnswer> answerStore() {
        return onlyTask().driver.getKeyValueStore(StateStores.LAUNCH_ANSWERS.name());
    }

    public KeyValueStore<String, MilestoneState> milestoneStore() {
        return tasks.get(0).driver.getKeyValueStore(StateStores.MILESTONE_STATE.name());
    }

    public KeyValueStore<String, DependencyState> dependencyStore() {
        return tasks.get(0).driver.getKeyValueStore(StateStores.DEPENDENCY_STATE.name());
    }

    public KeyValueStore<String, DependencyState> dependentsStore() {
        return tasks.get(0).driver.getKeyValueStore(StateStores.DEPENDENTS.name());
    }

    public KeyValueStore<String, TeamBlocking> teamStore() {
        return onlyTask().driver.getKeyValueStore(StateStores.TEAM_BLOCKING.name());
    }

    public KeyValueStore<String, MilestoneForecast> forecastStore() {
        return tasks.get(0).driver.getKeyValueStore(StateStores.MILESTONE_FORECASTS.name());
    }

    public KeyValueStore<String, MilestoneEvent> historyStore() {
        return tasks.get(0).driver.getKeyValueStore(StateStores.EVENT_HISTORY.name());
    }

    /** The answer in the store of the partition that owns {@code launchId}, or null. */
    public LaunchAnswer answer(String launchId) {
        KeyValueStore<String, LaunchAnswer> store =
                tasks.get(GraphPartitions.ownerOf(launchId, tasks.size())).driver.getKeyValueStore(StateStores.LAUNCH_ANSWERS.name());
        return store.get(launchId);
    }

    /** Every answer in the stores, by launch id. */
    public Map<String, LaunchAnswer> answers() {
        return gathered(StateStores.LAUNCH_ANSWERS.name());
    }

    /** Every milestone forecast, by milestone id: each partition derives them all, and must hold the same. */
    public Map<String, MilestoneForecast> forecasts() {
        Map<String, MilestoneForecast> first = entries(tasks.get(0).driver.getKeyValueStore(StateStores.MILESTONE_FORECASTS.name()));
        for (int p = 1; p < tasks.size(); p++) {
            Map<String, MilestoneForecast> other = entries(tasks.get(p).driver.getKeyValueStore(StateStores.MILESTONE_FORECASTS.name()));
            if (!other.equals(first)) {
                throw new AssertionError("graph partition " + p + " holds other forecasts than partition 0: " + other + " against " + first);
            }
        }
        return first;
    }

    /** The entries of a store that each partition holds its own part of, gathered in key order. */
    private <V> Map<String, V> gathered(String store) {
        TreeMap<String, V> all = new TreeMap<>();
        for (Task t : tasks) {
            KeyValueStore<String, V> part = t.driver.getKeyValueStore(store);
            entries(part).forEach((key, value) -> {
                if (all.put(key, value) != null) {
                    throw new AssertionError(store + " holds " + key + " in two graph partitions");
                }
            });
        }
        return all;
    }

    private Task onlyTask() {
        if (tasks.size() != 1) {
            throw new IllegalStateException("each of the " + tasks.size() + " graph partitions holds its part of this store: read answers() or teamEntries()");
        }
        return tasks.get(0);
    }

    /** Every entry of a store, in key order. */
    public static <V> Map<String, V> entries(KeyValueStore<String, V> store) {
        Map<String, V> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    /** Every team-view entry, as "team launch" keys. */
    public Map<String, TeamBlocking> teamEntries() {
        return gathered(StateStores.TEAM_BLOCKING.name());
    }

    public List<String> schemaSubjects() {
        return new ArrayList<>(registry.subjects());
    }

    @Override
    public void close() {
        for (Task t : tasks) {
            try {
                t.driver.close();
            } finally {
                deleteRecursively(t.stateDir);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
