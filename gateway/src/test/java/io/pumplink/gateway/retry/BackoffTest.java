package io.pumplink.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMaximumAndStartsOverAfterAReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700), () -> 0.999_999_999);
        assertThat(Stream.generate(backoff::next).limit(6).map(d -> Math.round(d.toNanos() / 1e6)))
                .containsExactly(100L, 200L, 400L, 700L, 700L, 700L);
        backoff.reset();
        assertThat(Math.round(backoff.next().toNanos() / 1e6)).isEqualTo(100);
    }

    @Test
    void jitterKeepsEachDelayInTheUpperHalf() {
        Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0);
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(50));
        assertThat(lowest.next()).isEqualTo(Duration.ofMillis(100));
    }
}
