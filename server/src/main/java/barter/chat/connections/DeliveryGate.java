package barter.chat.connections;

import barter.chat.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The ordering rule behind {@link Connection#deliver}: hold live entries while the backlog drains, then release only
 * those newer than the last backlog entry. A building block for {@link Connection} implementations.
 */
public final class DeliveryGate {
    private record Held(long entryId, ServerFrame frame) {
    }

    private final List<Held> held = new ArrayList<>();
    private boolean draining = true;
    private long lastEntryId;

    /** Sends {@code frame} now or holds it; {@code sender} returns false when the socket refused it. */
    public synchronized void deliver(long entryId, ServerFrame frame, Predicate<ServerFrame> sender) {
        if (draining) {
            held.add(new Held(entryId, frame));
        } else if (entryId > lastEntryId) {
            lastEntryId = entryId;
            sender.test(frame);
        }
    }

    /** The newest entry sent (or held back) so far; a catch-up reads the store after it. */
    public synchronized long lastEntryId() {
        return lastEntryId;
    }

    public synchronized void backlogSent(long lastBacklogEntryId, Predicate<ServerFrame> sender) {
        lastEntryId = Math.max(lastEntryId, lastBacklogEntryId);
        draining = false;
        for (Held each : held) {
            if (each.entryId() > lastEntryId) {
                lastEntryId = each.entryId();
                sender.test(each.frame());
            }
        }
        held.clear();
    }
}
