package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.registry.RestSchemaRegistryClient;
import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.serde.DecodeException;
import io.launchgraph.topology.serde.WireFormat;
import io.launchgraph.topology.testing.Facts;
import io.launchgraph.topology.testing.SchemaChanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on a real broker: each kind lands on the dead-letter topic with its reason, and processing goes on. */
@ExtendWith(RealKafkaAndRegistry.class)
class DeadLettersIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLettersIT.class);
    private final Facts f = new Facts();

    @Test
    void shouldDeadLetterEachKindOfPoisonPillAndGoOn(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        try (Deployment d = new Deployment(infra, state, "poison").start()) {
            // given
            byte[] key = "k".getBytes(StandardCharsets.UTF_8);

            // when
            d.sendRaw(key, "plain text, not Avro".getBytes(StandardCharsets.UTF_8));
            d.sendRaw(key, new byte[] {0, 0});
            d.sendRaw(key, new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4});
            d.sendRaw(key, null);
            d.send(List.of(f.hard("L", "L"), f.launch("bad id", "t")));
            d.send(List.of(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M")));

            // then
            await("six dead letters").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(d.deadLetters()).hasSize(6));
            assertThat(d.deadLetters()).extracting(DeadLetter::getReasonCode).containsExactlyInAnyOrder(
                    DecodeException.WRONG_MAGIC_BYTE, DecodeException.UNDECODABLE, DecodeException.UNKNOWN_SCHEMA,
                    DecodeException.UNDECODABLE, EventRules.SELF_DEPENDENCY, EventRules.ID_SPACE);
            assertThat(d.deadLetters()).allSatisfy(letter -> {
                assertThat(letter.getTopic()).isEqualTo(d.topic(Topics.MILESTONE_EVENTS));
                assertThat(letter.getReason()).isNotBlank();
            });
            // (the graph task may answer L before it folds the edge: wait for the answer of all three)
            await("the good events folded").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(d.isBlocked("L")).isTrue());
        }
    }

    @Test
    void shouldRideOutABriefRegistryOutageWithinTheRetryBudget(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws IOException {
        outage(infra, state, "blip", Map.of(RegistryClientConfig.RETRIES_BUDGET_MS, "60000"), 0);
    }

    @Test
    void shouldRetryNotDropWhenTheRegistryStaysAwayLongerThanTheRetryBudget(RealKafkaAndRegistry.Infra infra, @TempDir Path state)
            throws IOException {
        outage(infra, state, "outage", Map.of(RegistryClientConfig.RETRIES_BUDGET_MS, "1000"), 1);
    }

    /**
     * Produces an event whose schema the topology has not seen yet while the registry is behind a
     * paused proxy, and resumes once the topology has tried: it must fold the event, never
     * dead-letter it, with its stream thread failing (and being replaced) at least
     * {@code threadFailures} times, or never when 0.
     */
    private void outage(RealKafkaAndRegistry.Infra infra, Path state, String name, Map<String, String> clientConfig, int threadFailures)
            throws IOException {
        URI registry = URI.create(infra.registryUrl());
        try (PausableProxy proxy = new PausableProxy(registry.getPort())) {
            Map<String, Object> serdeConfig = new java.util.HashMap<>(clientConfig);
            serdeConfig.put(RegistryClientConfig.URL, "http://127.0.0.1:" + proxy.port() + registry.getPath());
            // Kafka's default session (45 s) on purpose: a failed stream thread leaves the group, so
            // its replacement takes the tasks over at once instead of waiting the session out.
            try (Deployment d = new Deployment(infra, state, name, serdeConfig, Map.of()).start()) {
                d.send(List.of(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M")));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(d.isBlocked("L")).isTrue());

                // given: an event written with a schema version the topology has not seen yet
                Schema v2 = withCommentOnStatusChanges();
                int id = new RestSchemaRegistryClient(RegistryClientConfig.of(infra.registryUrl()))
                        .register(d.topic(Topics.MILESTONE_EVENTS) + "-value", v2);

                // when: the registry is unreachable until the topology has tried
                proxy.pause();
                d.sendRaw("M".getBytes(StandardCharsets.UTF_8), encode(v2, id, "M", "DONE"));
                await("the topology tries the unreachable registry").atMost(Duration.ofSeconds(30))
                        .until(() -> proxy.dropped() > 0 && d.streamThreadFailures() >= threadFailures);
                proxy.resume();
                long resumed = System.nanoTime();

                // then: the event was kept and folded, not dead-lettered, well before a 45 s session
                // could have expired (a replaced thread that had to wait it out would fail here)
                await("folded after the outage").atMost(Duration.ofSeconds(30))
                        .ignoreExceptionsInstanceOf(InvalidStateStoreException.class)
                        .untilAsserted(() -> assertThat(d.isBlocked("L")).isFalse());
                LOG.info("Registry outage ({} thread failures): folded {} ms after the registry came back",
                        d.streamThreadFailures(), (System.nanoTime() - resumed) / 1_000_000);
                assertThat(d.deadLetters()).isEmpty();
                if (threadFailures == 0) {
                    assertThat(d.streamThreadFailures()).as("stream thread failures").isZero();
                }
            }
        }
    }

    /** MilestoneEvent v2: status changes carry an optional comment. */
    static Schema withCommentOnStatusChanges() {
        return SchemaChanges.withCommentOnStatusChanges();
    }

    /** A status change in schema v2, in the wire format, written by Avro's generic writer. */
    static byte[] encode(Schema v2, int id, String milestoneId, String status) throws IOException {
        Schema statusChanged = SchemaChanges.branch(v2, "MilestoneStatusChanged");
        GenericRecord payload = new GenericData.Record(statusChanged);
        payload.put("milestoneId", milestoneId);
        payload.put("status", new GenericData.EnumSymbol(statusChanged.getField("status").schema(), status));
        payload.put("comment", "shipped early");
        GenericRecord event = new GenericData.Record(v2);
        event.put("eventId", "v2-" + milestoneId + "-" + status);
        event.put("occurredAt", java.time.Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        event.put("source", "v2-writer");
        event.put("event", payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {WireFormat.MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v2).write(event, encoder);
        encoder.flush();
        assertThat(MilestoneStatus.valueOf(status)).isNotNull();
        return out.toByteArray();
    }
}
