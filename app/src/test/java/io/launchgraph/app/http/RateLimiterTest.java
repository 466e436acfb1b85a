package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The write limits: a burst up to the rate, then 429 with the seconds to wait, per client and for everyone. */
class RateLimiterTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void shouldLetAClientBurstToItsRateThenSayWhenToComeBack() {
        // given: 5 requests a second for each client
        RateLimiter limiter = new RateLimiter(5, 0, clock::get);

        // when
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("a").allowed()).isTrue();
        }
        RateLimiter.Decision sixth = limiter.acquire("a");

        // then: refused, back in a second; another client is not held back by the first
        assertThat(sixth.allowed()).isFalse();
        assertThat(sixth.retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.acquire("b").allowed()).isTrue();
        // and: after 200 ms one more request is there
        clock.addAndGet(200_000_000L);
        assertThat(limiter.acquire("a").allowed()).isTrue();
        assertThat(limiter.acquire("a").allowed()).isFalse();
    }

    @Test
    void shouldHoldEveryoneToTheTotal() {
        // given: 100 a second each, 3 a second together
        RateLimiter limiter = new RateLimiter(100, 3, clock::get);

        // when / then
        assertThat(limiter.acquire("a").allowed()).isTrue();
        assertThat(limiter.acquire("b").allowed()).isTrue();
        assertThat(limiter.acquire("c").allowed()).isTrue();
        assertThat(limiter.acquire("d").allowed()).isFalse();
        clock.addAndGet(1_000_000_000L);
        assertThat(limiter.acquire("d").allowed()).isTrue();
    }

    @Test
    void shouldNotLimitAtRateZero() {
        // given
        RateLimiter limiter = new RateLimiter(0, 0, clock::get);

        // when / then
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire("a").allowed()).isTrue();
        }
    }
}
