package io.launchgraph.app.kafka;

import io.launchgraph.topology.TopicSpec;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that do not exist yet, checks the ones that do, and waits until
 * every partition is served.
 *
 * <p>Why the wait: a producer that writes to a partition in the moment its broker applies the
 * topic's creation can have an earlier request refused and a later one accepted, and an
 * idempotent producer then loses the earlier batch (KAFKA-15591, fixed in Kafka 4.5). A partition
 * whose leader answers ListOffsets has been applied there, so after this nothing races it; and it
 * writes nothing that consumers would see.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Ensures the external topics of the catalogue for a deployment with {@code config}'s prefix. */
    public void ensureCatalogue(TopologyConfig config, Optional<Short> replicationFactor) {
        Map<String, TopicSpec<?, ?>> topics = new HashMap<>();
        for (TopicSpec<?, ?> spec : Topics.external()) {
            topics.put(config.topic(spec), spec);
        }
        ensure(topics, replicationFactor);
    }

    /** Ensures topics by name, each created as its spec says when missing. */
    public void ensure(Map<String, TopicSpec<?, ?>> topics, Optional<Short> replicationFactor) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> existing = get(admin.listTopics().names(), deadline, "listing topics");
        List<NewTopic> missing = new ArrayList<>();
        topics.forEach((name, spec) -> {
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, Optional.of(spec.partitions()), replicationFactor).configs(spec.config()));
            }
        });
        if (!missing.isEmpty()) {
            try {
                get(admin.createTopics(missing).all(), deadline, "creating topics " + missing.stream().map(NewTopic::name).toList());
                LOG.info("Created topics {}", missing.stream().map(t -> t.name() + " (" + t.numPartitions() + " partitions)").toList());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another instance created them at the same time: fine.
            }
        }
        Map<String, TopicDescription> described = describe(topics.keySet(), deadline);
        described.forEach((name, description) -> {
            int wanted = topics.get(name).partitions();
            if (description.partitions().size() < wanted) {
                LOG.warn("Topic {} has {} partitions, fewer than the {} launchgraph is designed for; fewer instances can share the work",
                        name, description.partitions().size(), wanted);
            }
        });
        awaitServed(described, deadline);
    }

    /** Describes the topics, retrying while the broker has not yet applied their creation. */
    private Map<String, TopicDescription> describe(Set<String> names, long deadline) {
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) || remainingMillis(deadline) <= 0) {
                    throw new IllegalStateException("describing topics " + names + " failed: " + e.getCause().getMessage(), e.getCause());
                }
                LOG.debug("Topics not described yet: {}", e.getCause().toString());
            } catch (TimeoutException e) {
                throw new IllegalStateException("describing topics " + names + " took longer than " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topics", e);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topics", e);
        }
    }

    private void awaitServed(Map<String, TopicDescription> described, long deadline) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        described.forEach((name, d) -> d.partitions().forEach(p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (remainingMillis(deadline) <= 0) {
                    throw new IllegalStateException("partitions of " + described.keySet() + " were not served within " + timeout, e.getCause());
                }
                LOG.debug("Partitions not served yet: {}", e.getCause().toString());
            } catch (TimeoutException e) {
                throw new IllegalStateException("partitions of " + described.keySet() + " were not served within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics", e);
            }
            pause();
        }
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, long deadline, String what) {
        try {
            return future.get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " took longer than " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
