package io.launchgraph.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.launchgraph.avro.Forecast;
import io.launchgraph.avro.ForecastState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.avro.MilestoneStatusChanged;
import io.launchgraph.avro.RiskEdge;
import io.launchgraph.avro.DependencyStrength;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import io.launchgraph.topology.testing.SchemaChanges;
import org.junit.jupiter.api.Test;

class WireFormatSerdeTest {
    private static final String TOPIC = "milestone-events";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Serializer<MilestoneEvent> serializer = new WireFormatAvroSerializer<>(registry, true, false);
    private final Deserializer<MilestoneEvent> deserializer = new WireFormatAvroDeserializer<>(registry, MilestoneEvent.class);

    private static MilestoneEvent event() {
        return new MilestoneEvent("e1", Instant.parse("2026-10-01T12:00:00.123Z"), "jira",
                new MilestoneStatusChanged("m1", MilestoneStatus.DONE));
    }

    @Test
    void shouldWriteMagicByteThenBigEndianSchemaIdThenAvro() {
        // when
        byte[] bytes = serializer.serialize(TOPIC, event());

        // then
        int id = registry.idOf("milestone-events-value", MilestoneEvent.getClassSchema());
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, id);
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(event());
    }

    @Test
    void shouldRegisterUnderTheTopicNameSubject() {
        // when
        new WireFormatAvroSerializer<MilestoneEvent>(registry, true, true).serialize("keys", event());
        serializer.serialize(TOPIC, event());

        // then
        assertThat(registry.subjects()).containsExactlyInAnyOrder("milestone-events-value", "keys-key");
    }

    @Test
    void shouldRefuseAnUnregisteredSchemaNamingTheSubjectWhenAutoRegistrationIsOff() {
        // given
        Serializer<MilestoneEvent> strict = new WireFormatAvroSerializer<>(registry, false, false);

        // then
        assertThatThrownBy(() -> strict.serialize(TOPIC, event()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("milestone-events-value");
    }

    @Test
    void shouldRoundTripDatesInsideUnionsOfNestedRecords() {
        // given
        Serializer<LaunchAnswer> s = new WireFormatAvroSerializer<>(registry, true, false);
        Deserializer<LaunchAnswer> d = new WireFormatAvroDeserializer<>(registry, LaunchAnswer.class);
        RiskEdge risk = new RiskEdge("a", "b", DependencyStrength.SOFT, LocalDate.parse("2026-12-01"), LocalDate.parse("2027-01-01"));
        Forecast forecast = new Forecast(ForecastState.LATE, LocalDate.parse("2027-01-03"), 33, List.of("L", "b"));
        LaunchAnswer answer = new LaunchAnswer("L", true, false, List.of(), List.of(), List.of(risk), "e1", forecast);

        // when
        LaunchAnswer back = d.deserialize("blocked-launches", s.serialize("blocked-launches", answer));

        // then
        assertThat(back.getRisk()).singleElement().satisfies(r -> assertThat(r.getDueDate()).isEqualTo("2027-01-01"));
        assertThat(back.getForecast().getDate()).isEqualTo("2027-01-03");
        assertThat(back.getForecast().getCriticalPath()).containsExactly("L", "b");
    }

    @Test
    void shouldReportAWrongMagicByte() {
        // given
        byte[] bytes = serializer.serialize(TOPIC, event());
        bytes[0] = 1;

        // then
        assertRefused(bytes, DecodeException.WRONG_MAGIC_BYTE);
    }

    @Test
    void shouldReportAnUnknownSchemaId() {
        // given
        byte[] bytes = serializer.serialize(TOPIC, event());
        bytes[4] = 99;

        // then
        assertRefused(bytes, DecodeException.UNKNOWN_SCHEMA);
    }

    @Test
    void shouldReportTruncatedAndTrailingBytesAsUndecodable() {
        // given
        byte[] bytes = serializer.serialize(TOPIC, event());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 2);

        // then
        for (byte[] bad : List.of(truncated, trailing, new byte[] {0, 0})) {
            assertRefused(bad, DecodeException.UNDECODABLE);
        }
    }

    @Test
    void shouldNotAllocateWhatACorruptLengthClaims() {
        // given: a valid header, then an eventId string that claims to be about 1 GiB long
        byte[] header = serializer.serialize(TOPIC, event());
        byte[] bytes = Arrays.copyOf(header, 5 + 5);
        byte[] hugeLength = zigZagVarLong(1L << 30);
        System.arraycopy(hugeLength, 0, bytes, 5, hugeLength.length);

        // then
        assertRefused(bytes, DecodeException.UNDECODABLE);
    }

    @Test
    void shouldThrowOnlyDecodeExceptionsForArbitraryBytesAfterAValidHeader() {
        // given
        byte[] valid = serializer.serialize(TOPIC, event());
        Random random = new Random(42);

        // when / then
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = Arrays.copyOf(valid, 5 + random.nextInt(60));
            for (int j = 5; j < bytes.length; j++) {
                bytes[j] = random.nextInt(3) == 0 && j < valid.length ? valid[j] : (byte) random.nextInt(256);
            }
            try {
                deserializer.deserialize(TOPIC, bytes);
            } catch (DecodeException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void shouldReadRecordsOfANewerSchemaWithAnAddedOptionalField() throws IOException {
        // given: v2 of MilestoneStatusChanged has an optional comment
        Schema v2 = SchemaChanges.withCommentOnStatusChanges();
        int id = registry.register("milestone-events-value", v2);

        // when
        GenericRecord payload = new GenericData.Record(branch(v2, "MilestoneStatusChanged"));
        payload.put("milestoneId", "m1");
        payload.put("status", new GenericData.EnumSymbol(payload.getSchema().getField("status").schema(), "DONE"));
        payload.put("comment", "shipped early");
        MilestoneEvent read = deserializer.deserialize(TOPIC, encode(v2, id, payload));

        // then
        assertThat(read.getEvent()).isEqualTo(new MilestoneStatusChanged("m1", MilestoneStatus.DONE));
    }

    @Test
    void shouldReadAnAnswerWrittenBeforeForecastsAsOneWithoutForecast() throws IOException {
        // given: a record of blocked-launches as contract v1 wrote it
        Schema v1 = SchemaChanges.launchAnswerV1();
        int id = registry.register("blocked-launches-value", v1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("launchId", "L");
        old.put("open", true);
        old.put("blocked", false);
        old.put("directBlockers", List.of());
        old.put("rootBlockers", List.of());
        old.put("risk", List.of());
        old.put("causeEventId", "e1");

        // when
        LaunchAnswer read = new WireFormatAvroDeserializer<>(registry, LaunchAnswer.class).deserialize("blocked-launches", wire(v1, id, old));

        // then: v2 reads v1 (BACKWARD), so a running deployment's stores and topics stay readable
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(LaunchAnswer.getClassSchema(), v1).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(read.getLaunchId()).isEqualTo("L");
        assertThat(read.getCauseEventId()).isEqualTo("e1");
        assertThat(read.getForecast()).isNull();
    }

    @Test
    void shouldReportAnUnknownEnumSymbolAsABadEnum() throws IOException {
        // given: a newer writer knows status BLOCKED
        Schema v2 = withExtraStatus("BLOCKED");
        int id = registry.register("milestone-events-value", v2);
        GenericRecord payload = new GenericData.Record(branch(v2, "MilestoneStatusChanged"));
        payload.put("milestoneId", "m1");
        payload.put("status", new GenericData.EnumSymbol(payload.getSchema().getField("status").schema(), "BLOCKED"));

        // then
        byte[] bytes = encode(v2, id, payload);
        assertRefused(bytes, DecodeException.BAD_ENUM);
    }

    @Test
    void shouldReportAnUnknownEventTypeAsUnknownType() throws IOException {
        // given: a newer writer appends MilestoneRenamed(milestoneId) to the union, a shape Avro
        // would otherwise read as a MilestoneDueDateChanged without a date
        Schema v2 = withRenamedEvent();
        int id = registry.register("milestone-events-value", v2);
        GenericRecord payload = new GenericData.Record(branch(v2, "MilestoneRenamed"));
        payload.put("milestoneId", "m1");

        // then
        byte[] bytes = encode(v2, id, payload);
        assertRefused(bytes, DecodeException.UNKNOWN_TYPE);
    }

    @Test
    void shouldStillReadKnownEventTypesFromAWriterThatKnowsMore() throws IOException {
        // given
        Schema v2 = withRenamedEvent();
        int id = registry.register("milestone-events-value", v2);
        GenericRecord payload = new GenericData.Record(branch(v2, "MilestoneRetired"));
        payload.put("milestoneId", "m1");

        // when
        MilestoneEvent read = deserializer.deserialize(TOPIC, encode(v2, id, payload));

        // then
        assertThat(read.getEvent()).isEqualTo(new io.launchgraph.avro.MilestoneRetired("m1"));
    }

    @Test
    void shouldReportARecordOfAnotherSchemaAsIncompatible() {
        // given: somebody produced answers to the events topic
        Serializer<LaunchAnswer> wrong = new WireFormatAvroSerializer<>(registry, true, false);
        byte[] bytes = wrong.serialize(TOPIC, new LaunchAnswer("L", true, false, List.of(), List.of(), List.of(), null, null));

        // then
        assertRefused(bytes, DecodeException.INCOMPATIBLE_SCHEMA);
    }

    private void assertRefused(byte[] bytes, String reasonCode) {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reasonCode()).isEqualTo(reasonCode));
    }

    /** A newer MilestoneEvent whose union ends with MilestoneRenamed(milestoneId). */
    private static Schema withRenamedEvent() {
        return SchemaChanges.withEventType(Schema.createRecord("MilestoneRenamed", null, "io.launchgraph.avro", false,
                List.of(new Schema.Field("milestoneId", Schema.create(Schema.Type.STRING)))));
    }

    private static Schema branch(Schema envelope, String name) {
        return SchemaChanges.branch(envelope, name);
    }

    /** The envelope with one more MilestoneStatus symbol (the enum is defined once, by name). */
    private static Schema withExtraStatus(String symbol) {
        String json = MilestoneEvent.getClassSchema().toString();
        assertThat(json).contains("\"CANCELLED\"]");
        return new Schema.Parser().parse(json.replace("\"CANCELLED\"]", "\"CANCELLED\",\"" + symbol + "\"]"));
    }

    private static byte[] encode(Schema schema, int id, GenericRecord payload) throws IOException {
        GenericRecord envelope = new GenericData.Record(schema);
        envelope.put("eventId", "e1");
        envelope.put("occurredAt", 1_000L);
        envelope.put("source", "test");
        envelope.put("event", payload);
        return wire(schema, id, envelope);
    }

    private static byte[] wire(Schema schema, int id, GenericRecord envelope) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(envelope, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] zigZagVarLong(long value) {
        long n = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    private static LaunchAnswer bigAnswer(String id) {
        List<io.launchgraph.avro.RootBlocker> roots = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<String> path = new java.util.ArrayList<>();
            for (int j = 0; j < 28; j++) {
                path.add("m-" + i + "-" + j + (j % 5 == 0 ? "-ü" : ""));
            }
            roots.add(new io.launchgraph.avro.RootBlocker("m-" + i, i % 3 == 0 ? null : "team-" + i,
                    io.launchgraph.avro.BlockReason.values()[i % io.launchgraph.avro.BlockReason.values().length], i % 2 == 0, path));
        }
        RiskEdge risk = new RiskEdge("a", "b", DependencyStrength.SOFT, LocalDate.parse("2026-12-01"), null);
        return new LaunchAnswer(id, true, true, List.of(new io.launchgraph.avro.Blocker("m-0", null, io.launchgraph.avro.BlockReason.values()[0])),
                roots, List.of(risk), null, new Forecast(ForecastState.NEVER, null, null, List.of(id, "m-0")));
    }

    /** What Avro's generic specific writer writes, without custom coders. */
    private static byte[] plainAvro(LaunchAnswer answer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<LaunchAnswer>(LaunchAnswer.getClassSchema(),
                org.apache.avro.specific.SpecificData.getForClass(LaunchAnswer.class)).write(answer, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldWriteTheSameBytesAsAvrosPlainWriterAfterTheHeader() throws IOException {
        // given
        Serializer<LaunchAnswer> s = new WireFormatAvroSerializer<>(registry, true, false);
        LaunchAnswer big = bigAnswer("L1");
        LaunchAnswer small = new LaunchAnswer("L2", false, false, List.of(), List.of(), List.of(), "e", null);

        // when: a large record, then a small one, through the same reused buffer
        byte[] first = s.serialize("blocked-launches", big);
        byte[] second = s.serialize("blocked-launches", small);

        // then
        assertThat(Arrays.copyOfRange(first, 5, first.length)).isEqualTo(plainAvro(big));
        assertThat(Arrays.copyOfRange(second, 5, second.length)).isEqualTo(plainAvro(small));
        assertThat(new WireFormatAvroDeserializer<>(registry, LaunchAnswer.class).deserialize("blocked-launches", first)).isEqualTo(big);
    }

    @Test
    void shouldWriteTheSameRecordToTwoTopicsWithEachTopicsSchemaId() {
        // given: the answer written to its store's changelog, then to its topic (one subject each)
        Serializer<LaunchAnswer> store = new WireFormatAvroSerializer<>(registry, true, false);
        Serializer<LaunchAnswer> topic = new WireFormatAvroSerializer<>(registry, true, false);
        LaunchAnswer answer = bigAnswer("L1");
        registry.register("other-subject-value", MilestoneEvent.getClassSchema());

        // when
        byte[] toStore = store.serialize("launch-answers-changelog", answer);
        byte[] toTopic = topic.serialize("blocked-launches", answer);
        byte[] another = topic.serialize("blocked-launches", bigAnswer("L2"));

        // then
        assertThat(Arrays.copyOfRange(toStore, 5, toStore.length)).isEqualTo(Arrays.copyOfRange(toTopic, 5, toTopic.length));
        assertThat(Arrays.copyOfRange(toStore, 0, 5)).containsExactly(
                0, 0, 0, 0, registry.idOf("launch-answers-changelog-value", LaunchAnswer.getClassSchema()));
        assertThat(new WireFormatAvroDeserializer<>(registry, LaunchAnswer.class).deserialize("blocked-launches", another).getLaunchId())
                .isEqualTo("L2");
    }
}
