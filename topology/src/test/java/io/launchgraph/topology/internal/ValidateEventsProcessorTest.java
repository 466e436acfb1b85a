package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.serde.InMemorySchemaRegistryClient;
import io.launchgraph.topology.serde.WireFormatSerdeFactory;
import io.launchgraph.topology.testing.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Stage one asks for a commit only for the first record after a quiet spell (decision 48). */
class ValidateEventsProcessorTest {
    private static final long COMMIT_INTERVAL_MS = 50;
    private final Facts f = new Facts();
    private final WireFormatSerdeFactory serdes = new WireFormatSerdeFactory(new InMemorySchemaRegistryClient(), true);
    private final MockProcessorContext<String, Checked> context = new MockProcessorContext<>(config());

    private static Properties config() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "validate-events-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        return props;
    }

    @Test
    void shouldAskForACommitForTheFirstEventAfterAQuietSpellOnly() {
        // given
        ValidateEventsProcessor processor = new ValidateEventsProcessor(serdes.valueSerde(MilestoneEvent.class).deserializer());
        processor.init(context);
        Serializer<MilestoneEvent> serializer = serdes.valueSerde(MilestoneEvent.class).serializer();

        // when: a burst of three close together, then one after a quiet spell
        long[] at = {5_000, 5_001, 5_002, 5_002 + COMMIT_INTERVAL_MS};
        List<Boolean> committed = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            context.setCurrentSystemTimeMs(at[i]);
            context.setRecordMetadata("milestone-events", 0, i);
            processor.process(new Record<>(new byte[0], serializer.serialize("milestone-events", f.milestone("M" + i, "t")), 0L));
            committed.add(context.committed());
            context.resetCommit();
        }

        // then
        assertThat(committed).containsExactly(true, false, false, true);
        assertThat(context.forwarded()).hasSize(4).allSatisfy(r -> assertThat(r.record().value()).isInstanceOf(Checked.Accepted.class));
    }
}
