package io.launchgraph.app.streams;

import io.launchgraph.topology.GraphMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the answers reflect every event written so far: the application has committed past
 * the events in the input topic, then past what that put into the graph task's repartition topic,
 * and the graph task (on this instance) has published the answers of everything it folded.
 * Answers derived from half an organisation are worse than none for a demo that says "try this".
 */
public final class CatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);
    private static final long POLL_MILLIS = 50;

    private final Admin admin;
    private final KafkaStreams streams;
    private final String applicationId;

    public CatchUp(Admin admin, KafkaStreams streams, String applicationId) {
        this.admin = admin;
        this.streams = streams;
        this.applicationId = applicationId;
    }

    /**
     * Blocks until everything now in {@code inputTopic} is folded and answered, or throws after
     * {@code timeout}; {@code graphTopic} is the repartition topic feeding the graph task.
     */
    public void await(String inputTopic, String graphTopic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitCommitted(endOffsets(inputTopic), deadline, "the input topic " + inputTopic);
        awaitCommitted(endOffsets(graphTopic), deadline, "the graph task's topic " + graphTopic);
        while (!(hasLocalGraphTask() && pendingChanges() == 0)) {
            pause(deadline, "the graph task to publish its answers");
        }
    }

    private void awaitCommitted(Map<TopicPartition, Long> targets, long deadline, String what) {
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed();
            boolean done = targets.entrySet().stream().allMatch(t -> {
                OffsetAndMetadata c = committed.get(t.getKey());
                // Nothing to consume needs no commit; otherwise the commit must reach the end.
                return t.getValue() == 0 || c != null && c.offset() >= t.getValue();
            });
            if (done) {
                return;
            }
            LOG.debug("Waiting for {}: committed {}, end {}", what, committed, targets);
            pause(deadline, what + " to be consumed");
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            // The high watermark, not the last stable offset: a producer's commit returns before the
            // transaction's markers are written, and until then the last stable offset hides its records.
            return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end of " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + applicationId + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean hasLocalGraphTask() {
        return !pendingMetrics().isEmpty();
    }

    /** Pending changes of the graph task on this instance, from the metric the topology keeps. */
    public double pendingChanges() {
        return pendingMetrics().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private Map<String, Double> pendingMetrics() {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(GraphMetrics.GROUP) && e.getKey().name().equals(GraphMetrics.PENDING_CHANGES))
                .collect(Collectors.toMap(e -> e.getKey().tags().toString(),
                        e -> ((Number) e.getValue().metricValue()).doubleValue(), (a, b) -> a + b));
    }

    private static void pause(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
        try {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
