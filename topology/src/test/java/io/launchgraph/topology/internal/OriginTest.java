package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class OriginTest {
    private static final Origin FALLBACK = new Origin("launchgraph-graph-events-repartition", 0, 1, null);

    @Test
    void shouldReadBackWhatItWritesWithAKeyWithoutOneAndWithAnEmptyOne() {
        for (byte[] key : new byte[][] {"M-17".getBytes(StandardCharsets.UTF_8), null, new byte[0]}) {
            // given
            Origin origin = new Origin("milestone-events", 5, 9_876_543_210L, key);
            Headers headers = new RecordHeaders();

            // when
            origin.writeTo(headers);
            Origin read = Origin.readFrom(headers, FALLBACK);

            // then
            assertThat(read.topic()).isEqualTo("milestone-events");
            assertThat(read.partition()).isEqualTo(5);
            assertThat(read.offset()).isEqualTo(9_876_543_210L);
            assertThat(read.key()).isEqualTo(key);
        }
    }

    @Test
    void shouldWriteOneShortHeaderInPlaceOfWhateverOriginTheRecordCarried() {
        // given: a record that went through an older instance, with the four headers
        Headers headers = oldHeaders("milestone-events", 2, 40, "L-1");

        // when
        new Origin("dependency-events", 3, 41, null).writeTo(headers);

        // then
        assertThat(headers.toArray()).singleElement().satisfies(h -> {
            assertThat(h.key()).isEqualTo(Origin.HEADER);
            assertThat(h.value().length).isLessThan(40);
        });
        assertThat(Origin.readFrom(headers, FALLBACK).topic()).isEqualTo("dependency-events");
    }

    @Test
    void shouldReadTheFourHeadersThatOlderInstancesWrote() {
        // given
        Headers headers = oldHeaders("milestone-events", 2, 40, "L-1");

        // when
        Origin read = Origin.readFrom(headers, FALLBACK);

        // then
        assertThat(read).satisfies(o -> {
            assertThat(o.topic()).isEqualTo("milestone-events");
            assertThat(o.partition()).isEqualTo(2);
            assertThat(o.offset()).isEqualTo(40);
            assertThat(new String(o.key(), StandardCharsets.UTF_8)).isEqualTo("L-1");
        });
    }

    @Test
    void shouldFallBackWhenTheHeaderIsMissingOrCutShort() {
        // given
        Headers none = new RecordHeaders();
        Headers cut = new RecordHeaders().add(Origin.HEADER, new byte[] {0, 0, 0, 1, 0, 0});
        Headers negative = new RecordHeaders().add(Origin.HEADER, ByteBuffer.allocate(14).putInt(1).putLong(2).putShort((short) -5).array());

        // when/then
        assertThat(Origin.readFrom(none, FALLBACK)).isSameAs(FALLBACK);
        assertThat(Origin.readFrom(cut, FALLBACK)).isSameAs(FALLBACK);
        assertThat(Origin.readFrom(negative, FALLBACK)).isSameAs(FALLBACK);
    }

    private static Headers oldHeaders(String topic, int partition, long offset, String key) {
        return new RecordHeaders()
                .add(Origin.TOPIC, topic.getBytes(StandardCharsets.UTF_8))
                .add(Origin.PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array())
                .add(Origin.OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array())
                .add(Origin.KEY, key.getBytes(StandardCharsets.UTF_8));
    }
}
