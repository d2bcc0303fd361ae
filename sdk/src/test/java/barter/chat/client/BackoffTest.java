package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(42));

    @Test
    void delaysDoubleWithinJitterBoundsAndStopAtTheMaximum() {
        for (int attempt = 0; attempt < 40; attempt++) {
            long ceiling = Math.min(5000, 100L << Math.min(attempt, 30));
            assertThat(backoff.delay(attempt).toMillis()).as("attempt %d", attempt)
                    .isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void delaysAreJittered() {
        assertThat(java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delay(6).toMillis()).distinct()
                .count()).isGreaterThan(10);
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .hasMessageContaining("PT1S");
    }
}
