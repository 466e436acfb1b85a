package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.app.config.Settings;
import io.launchgraph.app.ingest.EventPublisher;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.testing.Facts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST /events and the CLI publish through {@link EventPublisher}: requests at once share transactions, each still whole. */
@ExtendWith(RealKafkaAndRegistry.class)
class EventPublisherIT {
    private static final int THREADS = 16;
    private static final int REQUESTS_PER_THREAD = 20;
    private static final int EVENTS_PER_REQUEST = 3;

    private final Facts f = new Facts();

    @Test
    void shouldShareTransactionsAmongConcurrentRequestsAndPublishEveryEventOnce(RealKafkaAndRegistry.Infra infra) throws Exception {
        // given: a one-partition input topic, so that each committed transaction leaves exactly one marker on it
        String prefix = "publisher.";
        String topic = prefix + Topics.MILESTONE_EVENTS.name();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Settings settings = Settings.load(Map.of(), null, Map.of(), Map.of(
                "bootstrap.servers", infra.bootstrapServers(),
                "schema.registry.url", infra.registryUrl(),
                "application.id", "publisher-it",
                "topic.prefix", prefix,
                "auto.register.schemas", "true"));
        Set<String> sent = new HashSet<>();
        List<List<MilestoneEvent>> requests = new ArrayList<>();
        for (int r = 0; r < THREADS * REQUESTS_PER_THREAD; r++) {
            List<MilestoneEvent> request = new ArrayList<>();
            for (int e = 0; e < EVENTS_PER_REQUEST; e++) {
                MilestoneEvent event = f.milestone("m-" + r + "-" + e, "team-" + r);
                request.add(event);
                sent.add(event.getEventId());
            }
            requests.add(request);
        }

        // when: sixteen clients publish at once, each request waiting for its own to commit
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try (EventPublisher publisher = LaunchGraphService.eventPublisher(settings, "it")) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<List<MilestoneEvent>> mine = requests.subList(t * REQUESTS_PER_THREAD, (t + 1) * REQUESTS_PER_THREAD);
                done.add(pool.submit(() -> {
                    start.await();
                    mine.forEach(publisher::publish);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // then: every event once, committed; and fewer transactions than requests (a marker each on the partition)
        List<String> read = readCommitted(infra, topic);
        assertThat(read).hasSize(sent.size());
        assertThat(new HashSet<>(read)).isEqualTo(sent);
        long endOffset = endOffset(infra, topic);
        long transactions = endOffset - read.size();
        assertThat(transactions).isPositive().isLessThan(requests.size() / 2);
    }

    private static Properties consumerProperties(RealKafkaAndRegistry.Infra infra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    /** The event ids on the topic's one partition, read_committed, up to its end. */
    private static List<String> readCommitted(RealKafkaAndRegistry.Infra infra, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(infra), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(eventIdOf(r.value()));
                }
            }
        }
        return ids;
    }

    private static long endOffset(RealKafkaAndRegistry.Infra infra, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(infra), new StringDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** The event id from the Avro body (after the 5-byte wire header): the first field, a length-prefixed string. */
    private static String eventIdOf(byte[] value) {
        org.apache.avro.io.BinaryDecoder in = org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
        try {
            return in.readString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
