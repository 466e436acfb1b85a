package io.launchgraph.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecomputePacerTest {
    private static final long MS = 1_000_000;

    @Test
    void shouldAllowTheFirstRecomputeAtOnce() {
        assertThat(new RecomputePacer(0.2).mayRecompute(123)).isTrue();
    }

    @Test
    void shouldWaitFourTimesTheLastRecomputeWhenItsShareIsAFifth() {
        // given
        RecomputePacer pacer = new RecomputePacer(0.2);

        // when: a recompute from 0 to 50 ms
        pacer.recomputed(0, 50 * MS);

        // then
        assertThat(pacer.mayRecompute(249 * MS)).isFalse();
        assertThat(pacer.mayRecompute(250 * MS)).isTrue();
    }

    @Test
    void shouldNeverWaitWhenTheShareIsWhole() {
        // given
        RecomputePacer pacer = new RecomputePacer(1.0);

        // when
        pacer.recomputed(0, 10_000 * MS);

        // then
        assertThat(pacer.mayRecompute(10_000 * MS)).isTrue();
    }

    @Test
    void shouldRefuseAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new RecomputePacer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecomputePacer(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
