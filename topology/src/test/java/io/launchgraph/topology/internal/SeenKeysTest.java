package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.topology.History;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenKeysTest {
    /** History keys as the graph task makes them: events a second apart, ids as the generator writes them. */
    private static String key(int i) {
        return History.key(Instant.ofEpochSecond(1_700_000_000L + i), "evt-" + i);
    }

    @Test
    void shouldFindEveryKeyAddedAcrossManyGrownFilters() {
        // given: far more keys than the first filter holds
        SeenKeys seen = new SeenKeys();
        int added = 1_000_000;

        // when
        for (int i = 0; i < added; i++) {
            seen.add(key(i));
        }

        // then: no key added is ever missed
        int missed = 0;
        for (int i = 0; i < added; i++) {
            if (!seen.mightContain(key(i))) {
                missed++;
            }
        }
        assertThat(missed).isZero();
        assertThat(seen.size()).isEqualTo(added);
    }

    @Test
    void shouldCallFewKeysNeverAddedSeen() {
        // given
        SeenKeys seen = new SeenKeys();
        for (int i = 0; i < 1_000_000; i++) {
            seen.add(key(i));
        }

        // when: as many keys that were never added
        int falsePositives = 0;
        int asked = 1_000_000;
        for (int i = 0; i < asked; i++) {
            if (seen.mightContain(key(2_000_000 + i))) {
                falsePositives++;
            }
        }

        // then: under the 1.5 % the class promises
        assertThat(falsePositives).isLessThan(asked * 15 / 1_000);
    }

    @Test
    void shouldCallNothingSeenWhenEmpty() {
        // given
        SeenKeys seen = new SeenKeys();

        // when/then
        assertThat(seen.mightContain(key(1))).isFalse();
        assertThat(seen.mightContain("")).isFalse();
    }
}
