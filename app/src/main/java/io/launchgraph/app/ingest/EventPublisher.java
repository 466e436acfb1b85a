package io.launchgraph.app.ingest;

import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.EventRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes checked events to the input topic, keyed by their entity, one batch in one
 * transaction: a request's events become visible to readers all together or not at all.
 *
 * <p>Batches that arrive while a transaction commits share the next one (group commit). A
 * transaction costs about 20 ms of round trips whatever it holds, so one per batch capped the
 * service at about 50 single-event requests a second, and the rest queued for seconds.
 * Sharing keeps each batch whole: if the transaction fails, every batch in it fails and none of
 * their events is published.
 */
public final class EventPublisher implements AutoCloseable {
    /** Batches one transaction takes at most, so that a flood still commits in bounded steps. */
    private static final int MAX_BATCHES_PER_TRANSACTION = 1_000;
    private static final long IDLE_POLL_MS = 100;

    private final KafkaProducer<String, MilestoneEvent> producer;
    private final String topic;
    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean open = true;

    private record Pending(List<MilestoneEvent> events, CompletableFuture<Void> done) {}

    public EventPublisher(Map<String, Object> clientConfig, Serializer<MilestoneEvent> serializer, String topic, String transactionalIdPrefix) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + UUID.randomUUID());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
        this.producer.initTransactions();
        this.topic = topic;
        this.committer = new Thread(this::commitLoop, "launchgraph-event-publisher");
        this.committer.setDaemon(true);
        this.committer.start();
    }

    /** Publishes all of {@code events} or none; throws when the transaction that held them could not be committed. */
    public void publish(List<MilestoneEvent> events) {
        if (!open) {
            throw new IllegalStateException("the event publisher is closed");
        }
        Pending mine = new Pending(events, new CompletableFuture<>());
        waiting.add(mine);
        try {
            mine.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaException(e.getCause());
        }
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>();
        try {
            while (open || !waiting.isEmpty()) {
                Pending first = waiting.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_BATCHES_PER_TRANSACTION - 1);
                commit(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Closed, interrupted, or an Error on the way out: nobody may be left waiting, nor wait later.
            open = false;
            IllegalStateException closed = new IllegalStateException("the event publisher stopped before publishing");
            group.forEach(p -> p.done().completeExceptionally(closed));
            Pending left;
            while ((left = waiting.poll()) != null) {
                left.done().completeExceptionally(closed);
            }
        }
    }

    private void commit(List<Pending> group) {
        try {
            producer.beginTransaction();
            for (Pending p : group) {
                for (MilestoneEvent e : p.events()) {
                    producer.send(new ProducerRecord<>(topic, EventRules.entityId(e), e));
                }
            }
            producer.commitTransaction();
            group.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            if (e instanceof KafkaException) {
                try {
                    producer.abortTransaction();
                } catch (RuntimeException abortFailure) {
                    e.addSuppressed(abortFailure);
                }
            }
            group.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            committer.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (committer.isAlive()) {
            committer.interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
