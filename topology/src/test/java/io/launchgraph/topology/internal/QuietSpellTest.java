package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class QuietSpellTest {
    @Test
    void shouldCallTheFirstRecordAndEachAfterAGapOfTheSpellQuiet() {
        // given
        QuietSpell spell = new QuietSpell(50);

        // when: records at 1000, 1010, 1059 (49 ms after the last), then 1109 (50 ms after it)
        boolean first = spell.arrived(1_000);
        boolean close = spell.arrived(1_010);
        boolean justUnder = spell.arrived(1_059);
        boolean gap = spell.arrived(1_109);

        // then
        assertThat(first).isTrue();
        assertThat(close).isFalse();
        assertThat(justUnder).isFalse();
        assertThat(gap).isTrue();
    }

    @Test
    void shouldTakeTheCommitIntervalFromTheAppConfigsAsNumberOrText() {
        // given/when
        QuietSpell number = QuietSpell.ofCommitInterval(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L));
        QuietSpell text = QuietSpell.ofCommitInterval(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "30"));
        QuietSpell absent = QuietSpell.ofCommitInterval(Map.of());
        number.arrived(0);
        text.arrived(0);
        absent.arrived(0);

        // then
        assertThat(number.arrived(20)).isTrue();
        assertThat(text.arrived(29)).isFalse();
        assertThat(absent.arrived(99)).isFalse();
        assertThat(absent.arrived(199)).isTrue();
    }
}
