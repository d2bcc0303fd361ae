package barter.chat.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a started process to answer, failing fast when it died instead. */
final class Readiness {
    private Readiness() {
    }

    /** Polls {@code ready} every 100 ms until it is true; throws if {@code process} exits or time runs out. */
    static void await(String what, OsProcess process, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.alive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + " before it was ready");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException(what + " not ready after " + timeout);
    }
}
