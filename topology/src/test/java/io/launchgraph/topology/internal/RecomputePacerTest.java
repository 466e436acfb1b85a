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
    void shouldWaitFourTimesTheLastRecomputeWhenItsShareIsAFifthAndTheFoldIsBusy() {
        // given
        RecomputePacer pacer = new RecomputePacer(0.2);

        // when: a recompute from 0 to 50 ms, then 150 ms of folding by 249 ms
        pacer.recomputed(0, 50 * MS);
        pacer.folded(60 * MS, 210 * MS);

        // then
        assertThat(pacer.mayRecompute(249 * MS)).isFalse();
        assertThat(pacer.mayRecompute(250 * MS)).isTrue();
    }

    @Test
    void shouldRecomputeAtOnceWhenTheFoldKeepsUp() {
        // given
        RecomputePacer pacer = new RecomputePacer(0.2);

        // when: a recompute from 0 to 50 ms, then 2 ms of folding in the next 30 ms, then 20 ms more in the next 20
        pacer.recomputed(0, 50 * MS);
        pacer.folded(50 * MS, 52 * MS);
        boolean afterLightFold = pacer.mayRecompute(80 * MS);
        pacer.folded(80 * MS, 100 * MS);
        boolean afterBusyFold = pacer.mayRecompute(100 * MS);

        // then: folding a fifteenth of the time leaves the events nothing to wait for; 22 of 50 ms does
        assertThat(afterLightFold).isTrue();
        assertThat(afterBusyFold).isFalse();
    }

    @Test
    void shouldCountTheFoldAfresh() {
        // given: a busy fold, then a recompute
        RecomputePacer pacer = new RecomputePacer(0.2);
        pacer.recomputed(0, 50 * MS);
        pacer.folded(60 * MS, 250 * MS);
        pacer.recomputed(250 * MS, 260 * MS);

        // when / then: the fold before the last recompute does not count against the next
        assertThat(pacer.mayRecompute(270 * MS)).isTrue();
    }

    @Test
    void shouldNotTakeTheCommitAfterALongRecomputeForAFoldWithNothingToDo() {
        // given: a 1 s recompute, then 150 ms of its commit before the fold gets the thread
        RecomputePacer pacer = new RecomputePacer(0.2);
        pacer.recomputed(0, 1_000 * MS);

        // when: the first event folded after the commit, and the fold busy from then on
        pacer.folded(1_150 * MS, 1_150 * MS + MS / 5);
        boolean afterFirstEvent = pacer.mayRecompute(1_151 * MS);
        pacer.folded(1_151 * MS, 1_300 * MS);
        boolean whileBusy = pacer.mayRecompute(1_300 * MS);

        // then: the recompute waits its four seconds, as for any busy fold
        assertThat(afterFirstEvent).isFalse();
        assertThat(whileBusy).isFalse();
        assertThat(pacer.mayRecompute(5_000 * MS)).isTrue();
    }

    @Test
    void shouldRecomputeAtOnceForAnEventThatArrivesAlone() {
        // given: a short recompute
        RecomputePacer pacer = new RecomputePacer(0.2);
        pacer.recomputed(0, 100 * MS);

        // when: one event folded in 0.1 ms at 130 ms, and the next punctuation at 140 ms
        pacer.folded(130 * MS, 130 * MS + MS / 10);

        // then: its answer does not wait for the 400 ms of pacing
        assertThat(pacer.mayRecompute(140 * MS)).isTrue();
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
