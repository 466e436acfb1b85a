package io.launchgraph.app.ingest;

import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.EventRules;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes checked events to the input topic, keyed by their entity, one batch in one
 * transaction: a request's events become visible to readers all together or not at all.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, MilestoneEvent> producer;
    private final String topic;

    public EventPublisher(Map<String, Object> clientConfig, Serializer<MilestoneEvent> serializer, String topic, String transactionalIdPrefix) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + UUID.randomUUID());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
        this.producer.initTransactions();
        this.topic = topic;
    }

    /** Publishes all of {@code events} or none; throws when the batch could not be committed. */
    public synchronized void publish(List<MilestoneEvent> events) {
        producer.beginTransaction();
        try {
            for (MilestoneEvent e : events) {
                producer.send(new ProducerRecord<>(topic, EventRules.entityId(e), e));
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
