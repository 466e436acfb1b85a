package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.registry.IncompatibleSchemaException;
import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.app.registry.RestSchemaRegistryClient;
import io.launchgraph.app.serde.ConfiguredSerdeFactory;
import io.launchgraph.app.serde.WireFormatAvroSerde;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.serde.WireFormatAvroSerializer;
import io.launchgraph.topology.testing.Facts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Schema evolution through a real registry that enforces BACKWARD compatibility. */
@ExtendWith(RealKafkaAndRegistry.class)
class SchemaEvolutionIT {
    private final Facts f = new Facts();

    @Test
    void shouldReadEventsOfANewerCompatibleSchema(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws IOException {
        try (Deployment d = new Deployment(infra, state, "evolve").start()) {
            d.send(List.of(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M")));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(d.isBlocked("L")).isTrue());
            RestSchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            String subject = d.topic(Topics.MILESTONE_EVENTS) + "-value";

            // when: version 2 adds an optional comment to status changes
            Schema v2 = DeadLettersIT.withCommentOnStatusChanges();
            assertThat(registry.isCompatible(subject, v2)).isTrue();
            int id = registry.register(subject, v2);
            d.sendRaw("M".getBytes(StandardCharsets.UTF_8), DeadLettersIT.encode(v2, id, "M", "DONE"));

            // then: the running topology reads it
            await("a v2 event folded").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(d.isBlocked("L")).isFalse());
            assertThat(d.deadLetters()).isEmpty();
            assertThat(registry.compatibility()).isEqualTo("BACKWARD");
        }
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaWithAnErrorNamingTheSubject(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        try (Deployment d = new Deployment(infra, state, "incompatible")) {
            String topic = d.topic(Topics.MILESTONE_EVENTS);
            d.send(List.of(f.launch("L", "t")));
            RestSchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            assertThat(registry.isCompatible(topic + "-value", IncompatibleEvent.SCHEMA)).isFalse();

            // when: a producer tries to register a version whose eventId is a number
            try (KafkaProducer<String, IncompatibleEvent> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()),
                    new StringSerializer(),
                    new WireFormatAvroSerializer<>(registry, true, false))) {
                // then
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "L", new IncompatibleEvent())))
                        .isInstanceOf(IncompatibleSchemaException.class)
                        .hasMessageContaining(topic + "-value")
                        .hasMessageContaining("409");
            }
        }
    }

    @Test
    void shouldRunWithAValueSerdeChosenByClassName(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given: the serde named the way one would name Confluent's SpecificAvroSerde
        Map<String, Object> props = Map.of(RegistryClientConfig.URL, infra.registryUrl(), WireFormatAvroSerde.AUTO_REGISTER, "true");
        ConfiguredSerdeFactory byName = new ConfiguredSerdeFactory(WireFormatAvroSerde.class.getName(), props);

        try (Deployment d = new Deployment(infra, state, "by-name").start(byName)) {
            // when
            d.send(List.of(f.launch("L", "t"), f.milestone("M", "t"), f.hard("L", "M")));

            // then
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(d.isBlocked("L")).isTrue());
            assertThat(byName.valueSerde(MilestoneEvent.class)).isInstanceOf(WireFormatAvroSerde.class);
        }
    }

    /** MilestoneEvent as a careless writer might change it: eventId becomes a number. */
    static final class IncompatibleEvent extends SpecificRecordBase {
        static final Schema SCHEMA = new Schema.Parser().parse(MilestoneEvent.getClassSchema().toString()
                .replaceFirst("\\{\"name\":\"eventId\",\"type\":\\{\"type\":\"string\",\"avro.java.string\":\"String\"}",
                        "{\"name\":\"eventId\",\"type\":\"int\""));

        static {
            assertThat(SCHEMA.getField("eventId").schema().getType()).isEqualTo(Schema.Type.INT);
        }

        private final Object[] fields = {
            42, Instant.parse("2026-10-01T00:00:00Z").toEpochMilli(), "careless", new MilestoneStatusChanged("L", MilestoneStatus.DONE)
        };

        @Override
        public Schema getSchema() {
            return SCHEMA;
        }

        @Override
        public Object get(int field) {
            return fields[field];
        }

        @Override
        public void put(int field, Object value) {
            fields[field] = value;
        }
    }
}
