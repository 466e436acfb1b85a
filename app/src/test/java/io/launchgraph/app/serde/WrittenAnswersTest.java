package io.launchgraph.app.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.launchgraph.avro.BlockReason;
import io.launchgraph.avro.Blocker;
import io.launchgraph.avro.DependencyStrength;
import io.launchgraph.avro.Forecast;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.RiskEdge;
import io.launchgraph.avro.RootBlocker;
import io.launchgraph.topology.serde.InMemorySchemaRegistryClient;
import io.launchgraph.topology.serde.SerdeFactory;
import io.launchgraph.topology.serde.WireFormatSerdeFactory;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** What the live feed takes as the graph task wrote it, and what it must decode. */
class WrittenAnswersTest {
    private static final String TOPIC = "blocked-launches";

    private final SerdeFactory serdes = new WireFormatSerdeFactory(new InMemorySchemaRegistryClient(), true);

    static LaunchAnswer answer(String launchId, String blocker) {
        return LaunchAnswer.newBuilder()
                .setLaunchId(launchId)
                .setOpen(true)
                .setBlocked(true)
                .setDirectBlockers(List.of(new Blocker(blocker, "team-a", BlockReason.IN_PROGRESS)))
                .setRootBlockers(List.of(new RootBlocker(blocker, "team-a", BlockReason.IN_PROGRESS, false, List.of(launchId, blocker))))
                .setRisk(List.of(new RiskEdge(launchId, blocker, DependencyStrength.HARD, LocalDate.parse("2027-02-01"), LocalDate.parse("2027-02-10"))))
                .setCauseEventId("e-1")
                .setForecast(new Forecast(ForecastState.LATE, LocalDate.parse("2027-03-05"), 4, List.of(launchId, blocker)))
                .build();
    }

    @Test
    void shouldHandOverTheRecordWrittenAsExactlyTheseBytesOnce() {
        // given
        WrittenAnswers written = new WrittenAnswers(TOPIC, WrittenAnswers.DEFAULT_MAX_BYTES);
        Serde<LaunchAnswer> serde = written.around(serdes).valueSerde(LaunchAnswer.class);
        LaunchAnswer answer = answer("L-1", "M-1");
        byte[] bytes = serde.serializer().serialize(TOPIC, answer);

        // when
        LaunchAnswer first = written.take("L-1", bytes.clone());
        LaunchAnswer second = written.take("L-1", bytes.clone());

        // then the record itself (what decoding the bytes gives writes the same bytes), and nothing the second time
        assertThat(first).isSameAs(answer);
        LaunchAnswer decoded = serde.deserializer().deserialize(TOPIC, bytes);
        assertThat(serdes.valueSerde(LaunchAnswer.class).serializer().serialize(TOPIC, decoded)).isEqualTo(bytes);
        assertThat(second).isNull();
        assertThat(written.size()).isZero();
        assertThat(written.heldBytes()).isZero();
    }

    @Test
    void shouldLeaveToTheDecoderAnEarlierRecordAnotherWritersAndOtherTopics() {
        // given L-1 written twice, L-2 only to another topic
        WrittenAnswers written = new WrittenAnswers(TOPIC, WrittenAnswers.DEFAULT_MAX_BYTES);
        Serde<LaunchAnswer> serde = written.around(serdes).valueSerde(LaunchAnswer.class);
        byte[] earlier = serde.serializer().serialize(TOPIC, answer("L-1", "M-1"));
        LaunchAnswer later = answer("L-1", "M-2");
        byte[] laterBytes = serde.serializer().serialize(TOPIC, later);
        byte[] elsewhere = serde.serializer().serialize("other-topic", answer("L-2", "M-1"));
        byte[] anotherWriters = serdes.valueSerde(LaunchAnswer.class).serializer().serialize(TOPIC, answer("L-3", "M-1"));

        // when / then: the earlier record is decoded, and the later one still handed over after it
        assertThat(written.take("L-1", earlier)).isNull();
        assertThat(written.take("L-2", elsewhere)).isNull();
        assertThat(written.take("L-3", anotherWriters)).isNull();
        assertThat(written.take("L-1", laterBytes)).isSameAs(later);
    }

    @Test
    void shouldForgetTheEldestBeyondTheBytesItMayHold() {
        // given room for two answers
        Serde<LaunchAnswer> plain = serdes.valueSerde(LaunchAnswer.class);
        int size = plain.serializer().serialize(TOPIC, answer("L-1", "M-1")).length;
        WrittenAnswers written = new WrittenAnswers(TOPIC, 2L * size);
        Serde<LaunchAnswer> serde = written.around(serdes).valueSerde(LaunchAnswer.class);

        // when three are written
        byte[] one = serde.serializer().serialize(TOPIC, answer("L-1", "M-1"));
        byte[] two = serde.serializer().serialize(TOPIC, answer("L-2", "M-1"));
        byte[] three = serde.serializer().serialize(TOPIC, answer("L-3", "M-1"));

        // then the first is forgotten
        assertThat(written.size()).isEqualTo(2);
        assertThat(written.heldBytes()).isEqualTo(2L * size);
        assertThat(written.take("L-1", one)).isNull();
        assertThat(written.take("L-2", two)).isNotNull();
        assertThat(written.take("L-3", three)).isNotNull();
    }

    @Test
    void shouldLeaveEveryOtherSerdeAsItWas() {
        // given
        WrittenAnswers written = new WrittenAnswers(TOPIC, WrittenAnswers.DEFAULT_MAX_BYTES);
        MilestoneState state = MilestoneState.newBuilder().setMilestoneId("M-1").build();

        // when
        byte[] bytes = written.around(serdes).valueSerde(MilestoneState.class).serializer().serialize(TOPIC, state);

        // then
        assertThat(serdes.valueSerde(MilestoneState.class).deserializer().deserialize(TOPIC, bytes)).isEqualTo(state);
        assertThat(written.size()).isZero();
        assertThatThrownBy(() -> new WrittenAnswers(TOPIC, 0)).hasMessageContaining("positive");
    }
}
