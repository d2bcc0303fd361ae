package barter.chat.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Acks batched like the SDK does: sent when {@value #BATCH} ids wait or the oldest waited {@value #MAX_WAIT_MS} ms.
 * Used by one loop only. An ack lost with a dropped connection costs nothing: the message comes again and is acked
 * again.
 */
final class Acks {
    static final int BATCH = 100;
    static final long MAX_WAIT_MS = 50;

    private final List<Long> pending = new ArrayList<>();
    private long oldestNanos;

    void add(long messageId) {
        if (pending.isEmpty()) {
            oldestNanos = System.nanoTime();
        }
        pending.add(messageId);
    }

    void flushIfDue(Link link) {
        boolean due = pending.size() >= BATCH || (!pending.isEmpty()
                && System.nanoTime() - oldestNanos >= TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS));
        if (due && link != null) {
            for (int from = 0; from < pending.size(); from += BATCH) {
                link.send(Outbound.ack(pending.subList(from, Math.min(pending.size(), from + BATCH))));
            }
            pending.clear();
        }
    }
}
