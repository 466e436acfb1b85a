package io.launchgraph.topology.testing;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.EventRules;
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
 */
public final class LaunchGraphDriver implements AutoCloseable {
    public static final Duration RECOMPUTE_INTERVAL = Duration.ofMillis(100);

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final WireFormatSerdeFactory serdes = new WireFormatSerdeFactory(registry, true);
    private final Serde<MilestoneEvent> eventSerde = serdes.valueSerde(MilestoneEvent.class);
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, LaunchAnswer> blockedLaunches;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;

    public LaunchGraphDriver() {
        try {
            // Under target/, not the OS temp directory, which the OS may clean under Kafka Streams' feet.
            Path parent = Files.createDirectories(Path.of("target", "ttd-state"));
            stateDir = Files.createTempDirectory(parent, "launchgraph-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Pacing off: it measures real durations, and the tests drive a mock clock.
        Topology topology = LaunchGraphTopology.build(new TopologyConfig(serdes, RECOMPUTE_INTERVAL, 1.0, ""));
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
        input.pipeInput(key, value);
        return this;
    }

    /** Lets the recompute interval pass, so the graph task publishes what changed. */
    public LaunchGraphDriver recompute() {
        driver.advanceWallClockTime(RECOMPUTE_INTERVAL);
        return this;
    }

    /** Sends the events, then lets the graph task publish. */
    public LaunchGraphDriver sendAndRecompute(MilestoneEvent... events) {
        return send(events).recompute();
    }

    /** Records published on blocked-launches since the last call, in order. */
    public List<KeyValue<String, LaunchAnswer>> publishedAnswers() {
        return blockedLaunches.readKeyValuesToList();
    }

    /** Dead letters since the last call, in order. */
    public List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    public KeyValueStore<String, LaunchAnswer> answerStore() {
        return driver.getKeyValueStore(StateStores.LAUNCH_ANSWERS.name());
    }

    public KeyValueStore<String, MilestoneState> milestoneStore() {
        return driver.getKeyValueStore(StateStores.MILESTONE_STATE.name());
    }

    public KeyValueStore<String, DependencyState> dependencyStore() {
        return driver.getKeyValueStore(StateStores.DEPENDENCY_STATE.name());
    }

    public KeyValueStore<String, DependencyState> dependentsStore() {
        return driver.getKeyValueStore(StateStores.DEPENDENTS.name());
    }

    public KeyValueStore<String, TeamBlocking> teamStore() {
        return driver.getKeyValueStore(StateStores.TEAM_BLOCKING.name());
    }

    public KeyValueStore<String, MilestoneForecast> forecastStore() {
        return driver.getKeyValueStore(StateStores.MILESTONE_FORECASTS.name());
    }

    public KeyValueStore<String, MilestoneEvent> historyStore() {
        return driver.getKeyValueStore(StateStores.EVENT_HISTORY.name());
    }

    /** The answer in the store for {@code launchId}, or null. */
    public LaunchAnswer answer(String launchId) {
        return answerStore().get(launchId);
    }

    /** Every answer in the store, by launch id. */
    public Map<String, LaunchAnswer> answers() {
        Map<String, LaunchAnswer> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, LaunchAnswer> it = answerStore().all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
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
        Map<String, TeamBlocking> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, TeamBlocking> it = teamStore().all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }

    public List<String> schemaSubjects() {
        return new ArrayList<>(registry.subjects());
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            deleteRecursively(stateDir);
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
