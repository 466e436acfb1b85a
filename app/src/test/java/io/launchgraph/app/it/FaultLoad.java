package io.launchgraph.app.it;

import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.app.serde.WireFormatAvroSerde;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import io.launchgraph.topology.testing.Facts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A steady keyed load for the whole fault run: a generated organisation, then its everyday changes
 * (re-sends included) at a fixed rate, and now and then a record that is not an event at all (it
 * must end as a dead letter, and nothing else may). Everything is drawn from one seed, so a run's
 * input replays exactly. Sends that fail are sent again, so nothing is lost on this side.
 */
final class FaultLoad implements AutoCloseable {
    static final String PROBE_LAUNCH = "probe-launch";
    static final String PROBE_MILESTONE = "probe-milestone";

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<MilestoneEvent> serializer;
    private final GeneratedOrganisation organisation;
    private final Random random;
    private final int eventsPerSecond;
    private final Facts probes = new Facts();
    private final ConcurrentLinkedQueue<Runnable> retries = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> sentByPhase = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<Acked>> ackedByPhase = new ConcurrentHashMap<>();
    private final AtomicLong failedSends = new AtomicLong();
    private final Thread thread;
    private volatile String phase = "start";
    private volatile boolean running = true;
    private boolean probeDone;
    private long badSent;

    FaultLoad(String bootstrapServers, String registryUrl, String topic, long seed, int organisationSize, int eventsPerSecond) {
        this.topic = topic;
        this.eventsPerSecond = eventsPerSecond;
        this.random = new Random(seed);
        this.organisation = new GeneratedOrganisation(organisationSize, seed);
        this.serializer = new ConfiguredSerdeFactory(null, Map.of(RegistryClientConfig.URL, registryUrl, WireFormatAvroSerde.AUTO_REGISTER, "true"))
                .valueSerde(MilestoneEvent.class).serializer();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // All brokers down for 30 s must not fail a send: it waits, as a team system's would.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "fault-load");
        thread.setDaemon(true);
    }

    /** Sends the organisation and the probe launch at once, then starts the steady load. */
    FaultLoad start() {
        List<MilestoneEvent> first = new ArrayList<>(organisation.initialEvents);
        first.add(probes.launch(PROBE_LAUNCH, "probe-team"));
        first.add(probes.milestone(PROBE_MILESTONE, "probe-team"));
        first.add(probes.hard(PROBE_LAUNCH, PROBE_MILESTONE));
        first.forEach(this::send);
        producer.flush();
        thread.start();
        return this;
    }

    /** Names the phase the following sends count towards (a fault, or recovery from one). */
    void phase(String name) {
        phase = name;
    }

    /**
     * Sends the next probe: the probe milestone's status flips, so the probe launch's answer must
     * flip with it. Returns whether the launch is blocked after it.
     */
    synchronized boolean probe() {
        probeDone = !probeDone;
        send(probes.status(PROBE_MILESTONE, probeDone ? MilestoneStatus.DONE : MilestoneStatus.AT_RISK));
        producer.flush();
        return !probeDone;
    }

    private void run() {
        long interval = TimeUnit.SECONDS.toNanos(1) / eventsPerSecond;
        long next = System.nanoTime();
        List<MilestoneEvent> batch = new ArrayList<>();
        int sinceBad = 0;
        while (running) {
            if (batch.isEmpty()) {
                batch.addAll(organisation.steadyEvents(1_000));
            }
            for (Runnable retry = retries.poll(); retry != null; retry = retries.poll()) {
                retry.run();
            }
            if (++sinceBad >= 200 + random.nextInt(200)) {
                sinceBad = 0;
                sendBad();
            } else {
                send(batch.remove(0));
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                // Blocked on a cluster that was down: carry on at the rate, do not burst to catch up.
                next = System.nanoTime();
            }
        }
    }

    private void send(MilestoneEvent event) {
        String key = EventRules.entityId(event);
        byte[] value;
        synchronized (serializer) {
            value = serializer.serialize(topic, event);
        }
        sendBytes(key.getBytes(StandardCharsets.UTF_8), value, false);
    }

    private void sendBad() {
        long n = ++badSent;
        sendBytes(("bad-" + n).getBytes(StandardCharsets.UTF_8), ("not an event " + random.nextLong()).getBytes(StandardCharsets.UTF_8), true);
    }

    /** Where an acknowledged record landed, and whether it was one of the bad ones. */
    record Acked(int partition, long offset, boolean bad) {}

    private void sendBytes(byte[] key, byte[] value, boolean bad) {
        String current = phase;
        sentByPhase.computeIfAbsent(current, p -> new AtomicLong()).incrementAndGet();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                ackedByPhase.computeIfAbsent(current, p -> ConcurrentHashMap.newKeySet()).add(new Acked(metadata.partition(), metadata.offset(), bad));
            } else {
                failedSends.incrementAndGet();
                retries.add(() -> sendBytes(key, value, bad));
            }
        });
    }

    /** Records sent (first attempts and re-sends after a failure) while {@code phase} was current. */
    long sentIn(String phase) {
        AtomicLong n = sentByPhase.get(phase);
        return n == null ? 0 : n.get();
    }

    /** The records acknowledged that were sent while {@code phase} was current. */
    java.util.Set<Acked> ackedIn(String phase) {
        return ackedByPhase.getOrDefault(phase, java.util.Set.of());
    }

    long failedSends() {
        return failedSends.get();
    }

    /** Stops the load and waits until every record sent is acknowledged (failed ones sent again first). */
    void stop() {
        running = false;
        try {
            thread.join(TimeUnit.MINUTES.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        while (!retries.isEmpty()) {
            for (Runnable retry = retries.poll(); retry != null; retry = retries.poll()) {
                retry.run();
            }
            producer.flush();
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
