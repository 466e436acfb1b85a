package io.launchgraph.app.whatif;

import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.WhatIf;
import io.launchgraph.topology.serde.SerdeFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's copy of the organisation's folded state, for what-ifs: it reads the committed
 * changelogs of the milestone and edge stores (read_committed, from the beginning) into a
 * {@link WhatIf}, on a thread of its own. A what-if therefore never waits for, or pauses, the
 * graph task, runs on any instance, and starts from the answers consumers have seen (the last
 * commit). See docs/decisions.md, "What-ifs on a replica fed by the changelogs".
 */
public final class WhatIfReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WhatIfReplica.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final WhatIf whatIf = new WhatIf();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition milestones;
    private final TopicPartition edges;
    private final Deserializer<MilestoneState> milestoneValues;
    private final Deserializer<DependencyState> edgeValues;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile String status = "waiting for the graph task's changelogs";
    private Map<TopicPartition, Long> endAtStart;
    private volatile long milestonesRead;
    private volatile long edgesRead;
    private final Object progress = new Object();

    /**
     * @param kafkaClients bootstrap servers and any client settings (security) the deployment passes to Kafka
     */
    public WhatIfReplica(Map<String, Object> kafkaClients, String applicationId, SerdeFactory serdes) {
        Map<String, Object> config = new HashMap<>(kafkaClients);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-what-if-replica");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.milestones = new TopicPartition(Topics.changelogTopic(applicationId, StateStores.MILESTONE_STATE), 0);
        this.edges = new TopicPartition(Topics.changelogTopic(applicationId, StateStores.DEPENDENCY_STATE), 0);
        this.milestoneValues = serdes.internalValueSerde(MilestoneState.class).deserializer();
        this.edgeValues = serdes.internalValueSerde(DependencyState.class).deserializer();
        this.thread = new Thread(this::run, "launchgraph-what-if-replica");
        this.thread.setDaemon(true);
    }

    /** Starts reading; {@link #whatIf()} answers once the replica has read what was committed when it began. */
    public WhatIfReplica start() {
        thread.start();
        return this;
    }

    /** The replica, once caught up; until then {@link NotReady} says what it is doing. */
    public WhatIf whatIf() {
        if (!caughtUp) {
            throw new NotReady("the what-if replica is " + status);
        }
        return whatIf;
    }

    /** The replica has not read the organisation yet (or no replica runs yet): a 503 on HTTP. */
    public static final class NotReady extends RuntimeException {
        public NotReady(String message) {
            super(message);
        }
    }

    /**
     * Waits until the replica has read everything committed to the changelogs when called (the
     * demo calls it after loading, so that its first what-if starts from every answer).
     *
     * @return whether it had within {@code timeout}
     */
    public boolean awaitCurrent(Admin admin, Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> target;
        try {
            target = new HashMap<>();
            for (var e : admin.listOffsets(Map.of(milestones, OffsetSpec.latest(), edges, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().entrySet()) {
                target.put(e.getKey(), e.getValue().offset());
            }
        } catch (ExecutionException e) {
            LOG.warn("Cannot read the changelogs' end offsets: {}", e.getMessage());
            return false;
        }
        return waitFor(() -> caughtUp && milestonesRead >= target.get(milestones) && edgesRead >= target.get(edges), timeout);
    }

    /** Waits until the replica has caught up, at most {@code timeout}; whether it has. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return waitFor(() -> caughtUp, timeout);
    }

    /** Waits until the replica knows milestone {@code id}, at most {@code timeout}; whether it does. */
    public boolean awaitMilestone(String id, Duration timeout) {
        try {
            return waitFor(() -> whatIf.milestone(id) != null, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits, woken by each batch the replica reads, until {@code done}; false after {@code timeout} or once it stops. */
    private boolean waitFor(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Tells waiters that the replica read more, or stopped. */
    private void progressed() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void run() {
        try {
            while (running && !assigned()) {
                // The graph task creates its changelogs when it first starts; close() ends the wait.
                synchronized (progress) {
                    progress.wait(POLL.toMillis());
                }
            }
            while (running) {
                var records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    // A what-if sees the whole batch or none of it.
                    whatIf.batch(() -> records.forEach(this::take));
                }
                milestonesRead = consumer.position(milestones);
                edgesRead = consumer.position(edges);
                progressed();
                if (!caughtUp && milestonesRead >= endAtStart.get(milestones) && edgesRead >= endAtStart.get(edges)) {
                    caughtUp = true;
                    LOG.info("What-if replica caught up: {} ids", whatIf.size());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() stops the loop.
        } catch (RuntimeException e) {
            status = "stopped: " + e;
            caughtUp = false;
            LOG.error("The what-if replica stopped; what-ifs answer 503 until a restart", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean assigned() {
        var topics = consumer.listTopics(Duration.ofSeconds(10));
        if (!topics.containsKey(milestones.topic()) || !topics.containsKey(edges.topic())) {
            return false;
        }
        List<TopicPartition> both = List.of(milestones, edges);
        consumer.assign(both);
        consumer.seekToBeginning(both);
        endAtStart = consumer.endOffsets(both);
        status = "reading the organisation (" + endAtStart.values().stream().mapToLong(Long::longValue).sum() + " changelog records)";
        return true;
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(milestones.topic())) {
                whatIf.put(milestoneValues.deserialize(r.topic(), r.value()));
            } else {
                whatIf.put(edgeValues.deserialize(r.topic(), r.value()));
            }
        } catch (RuntimeException e) {
            LOG.warn("What-if replica skips {}@{} ({}): what-ifs may miss that change", r.topic(), r.offset(), e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        progressed();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
