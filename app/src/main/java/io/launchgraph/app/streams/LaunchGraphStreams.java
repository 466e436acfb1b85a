package io.launchgraph.app.streams;

import io.launchgraph.app.kafka.KafkaAccess;
import io.launchgraph.app.kafka.KafkaAccessException;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.LaunchGraphTopology;
import io.launchgraph.topology.StoreSpec;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.TopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs launchgraph's topology in a {@link KafkaStreams}: exactly-once, a stream thread that dies
 * is replaced (its tasks resume from their last commit, so a record that waited on an unreachable
 * registry is read again, not lost), and a start that waits until the instance is RUNNING.
 */
public final class LaunchGraphStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchGraphStreams.class);
    /** More thread failures than this within the window means something a restart will not fix. */
    private static final int MAX_REPLACEMENTS = 10;
    private static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private final KafkaStreams streams;
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final Deque<Long> replacements = new ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();

    private final Properties properties;
    private final GraphPartitions graphPartitions;
    /** Why the instance stopped, when Kafka refused it; a replaced thread would only be refused again. */
    private volatile KafkaAccessException refused;

    private LaunchGraphStreams(Topology topology, Properties properties, GraphPartitions graphPartitions) {
        this.properties = properties;
        this.graphPartitions = graphPartitions;
        streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.complete(null);
            } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                KafkaAccessException why = refused;
                running.completeExceptionally(why != null ? why : new IllegalStateException("Kafka Streams stopped: " + now));
            }
        });
    }

    /** Properties of a launchgraph instance; callers add {@code application.server} and overrides. */
    public static Properties properties(String applicationId, String bootstrapServers, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // A replaced stream thread, and a killed instance, hand their tasks over only when the
        // group session expires: the dying thread's leave request does not reach the coordinator
        // before its consumer closes. 10 s (Kafka's default before 3.0) rather than 45 s; the price
        // is a rebalance whenever an instance stalls for longer (a long GC, a frozen VM). Decision 40.
        // Unprefixed, so that kafka.session.timeout.ms still overrides it.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // Freshness: the graph task reads the validated events read_committed, so an answer waits
        // for the validation task's commit, and an idle thread for its next poll. 50 ms and 10 ms
        // (Kafka's 100 and 100) with a 20 ms recompute interval took a quiet demo's event to
        // visible answer from p50 263 ms to 101 ms (docs/performance.md). kafka.* overrides both.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        p.put(StreamsConfig.POLL_MS_CONFIG, 10);
        // Every task reads one partition, so there is nothing to wait for between partitions; at
        // 0 (Kafka's default) the thread formats a log message for each empty partition it looks
        // at, 3 % of it while events arrive (decision 49). kafka.max.task.idle.ms overrides it.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // The partition assignor builds its own StreamsConfig from the main consumer's settings and
        // warns that this flag is off unless the consumer carries it too.
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        return p;
    }

    /** Builds launchgraph's topology from {@code config}, starts it and waits until the instance is RUNNING. */
    public static LaunchGraphStreams start(TopologyConfig config, Properties properties, Duration timeout) {
        return start(LaunchGraphTopology.build(config), config.graphPartitions(), properties, timeout);
    }

    /** Starts a topology built with {@code graphPartitions} and waits until the instance is RUNNING. */
    public static LaunchGraphStreams start(Topology topology, GraphPartitions graphPartitions, Properties properties, Duration timeout) {
        LaunchGraphStreams instance = new LaunchGraphStreams(topology, properties, graphPartitions);
        long started = System.nanoTime();
        instance.streams.start();
        try {
            instance.running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            instance.close();
            if (e.getCause() instanceof KafkaAccessException refused) {
                throw refused;
            }
            throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + timeout, e);
        } catch (TimeoutException e) {
            instance.close();
            throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            instance.close();
            throw new IllegalStateException("interrupted while starting Kafka Streams", e);
        }
        LOG.info("Kafka Streams {} running after {} ms",
                properties.get(StreamsConfig.APPLICATION_ID_CONFIG), (System.nanoTime() - started) / 1_000_000);
        return instance;
    }

    private synchronized StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
        failures.incrementAndGet();
        Optional<KafkaAccessException> denied = KafkaAccess.explain(e, properties);
        if (denied.isPresent()) {
            refused = denied.get();
            LOG.error("{}; stopping this instance", refused.getMessage());
            LOG.debug("Kafka's refusal", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = System.nanoTime();
        replacements.addLast(now);
        while (!replacements.isEmpty() && now - replacements.peekFirst() > REPLACEMENT_WINDOW.toNanos()) {
            replacements.removeFirst();
        }
        if (replacements.size() > MAX_REPLACEMENTS) {
            LOG.error("A stream thread failed {} times within {}; stopping this instance", replacements.size(), REPLACEMENT_WINDOW, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.warn("A stream thread failed; replacing it (its tasks resume from their last commit)", e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Stream threads that failed since start (each was replaced, or stopped the instance). */
    public int streamThreadFailures() {
        return failures.get();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * A store of the catalogue, for reads on this instance: the parts of every graph partition
     * here, or one of them for a store each partition holds whole ({@link StoreSpec#wholeGraph}),
     * so that a range read does not see each entry once per partition.
     */
    public <V> ReadOnlyKeyValueStore<String, V> store(StoreSpec<String, V> spec) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> query =
                StoreQueryParameters.fromNameAndType(spec.name(), QueryableStoreTypes.<String, V>keyValueStore());
        if (spec.wholeGraph() && graphPartitions.count() > 1) {
            SortedSet<Integer> local = localGraphPartitions();
            if (local.size() > 1) {
                query = query.withPartition(local.first());
            }
        }
        return streams.store(query);
    }

    /** How the graph is spread over graph tasks, here and on the other instances. */
    public GraphPartitions graphPartitions() {
        return graphPartitions;
    }

    /** The graph partitions whose tasks are active on this instance (decision 47). */
    public SortedSet<Integer> localGraphPartitions() {
        String graphTopic = Topics.graphEventsTopic(properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        SortedSet<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (tp.topic().equals(graphTopic)) {
                        partitions.add(tp.partition());
                    }
                }
            }
        }
        return partitions;
    }

    /**
     * Stops, leaving the consumer group so that other instances take the tasks over at once
     * (Kafka Streams otherwise stays in the group until its session times out).
     */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
