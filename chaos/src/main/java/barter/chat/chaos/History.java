package barter.chat.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The append-only record of a run. Thread-safe: clients and the nemesis add from their own threads; one user's
 * events are added by that user's loop, so they keep that user's order.
 */
public final class History {
    private final long startNanos = System.nanoTime();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    /** Milliseconds since this history began (monotonic). */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public void add(Event event) {
        events.add(event);
    }

    /** A snapshot, in the order events were added. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** One event per line, for reading a failed run afterwards. */
    public void write(Path file) {
        try (Writer out = Files.newBufferedWriter(file)) {
            for (Event event : events) {
                out.write(event.toString());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
