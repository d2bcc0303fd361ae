package barter.chat.client;

import java.time.Duration;
import java.util.Random;

/**
 * Jittered exponential backoff for reconnects: attempt n waits a random time in [d/2, d] where
 * d = min(max, initial * 2^n). The jitter spreads out clients that all lost the same server at once.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final Random random;

    Backoff(Duration initial, Duration max, Random random) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The longest delay, jittered: after the server said this client reads too slowly (4429). */
    Duration longest() {
        return delay(31);
    }

    /** The delay before reconnect attempt {@code attempt} (0 for the first retry after a drop). */
    Duration delay(int attempt) {
        long ceiling = initial.toMillis() << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
    }
}
