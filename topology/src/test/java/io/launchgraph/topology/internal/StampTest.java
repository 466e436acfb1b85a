package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StampTest {

    private static String printableAscii(Random random) {
        char[] id = new char[1 + random.nextInt(12)];
        for (int i = 0; i < id.length; i++) {
            id[i] = (char) (0x21 + random.nextInt(0x7F - 0x21));
        }
        return new String(id);
    }

    @Test
    void shouldOrderByTimeThenByTheIdsAsStringsCompare() {
        // given
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long t1 = random.nextInt(3);
            long t2 = random.nextInt(3);
            // Short ids from a few characters, so that prefixes and equal ids come up often.
            String a = random.nextBoolean() ? printableAscii(random) : "ev-" + random.nextInt(20);
            String b = random.nextBoolean() ? printableAscii(random) : "ev-" + random.nextInt(20);

            // when
            int order = new Stamp(t1, a).compareTo(new Stamp(t2, b));

            // then
            int expected = t1 != t2 ? Long.compare(t1, t2) : a.compareTo(b);
            assertThat(Integer.signum(order)).as("%d %s vs %d %s", t1, a, t2, b).isEqualTo(Integer.signum(expected));
            assertThat(new Stamp(t1, a).equals(new Stamp(t2, b))).isEqualTo(expected == 0);
        }
    }

    @Test
    void shouldGiveBackItsEventIdAndBeEqualToTheSameStamp() {
        // given
        Stamp stamp = new Stamp(1_700_000_000_000L, "ev-777427");

        // then
        assertThat(stamp.eventId()).isEqualTo("ev-777427");
        assertThat(stamp.occurredAt()).isEqualTo(1_700_000_000_000L);
        assertThat(stamp).isEqualTo(new Stamp(1_700_000_000_000L, "ev-777427")).hasSameHashCodeAs(new Stamp(1_700_000_000_000L, "ev-777427"));
        assertThat(stamp).isNotEqualTo(new Stamp(1_700_000_000_001L, "ev-777427")).isNotEqualTo(new Stamp(1_700_000_000_000L, "ev-777428"));
        assertThat(stamp.toString()).contains("ev-777427");
    }
}
