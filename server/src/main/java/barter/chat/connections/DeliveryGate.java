package barter.chat.connections;

import barter.chat.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The ordering rule behind {@link Connection#deliver}: hold live entries while the backlog drains (and while a
 * catch-up after a pub/sub outage reads the store), then release, oldest first, only those newer than the last
 * entry read from the store. A building block for {@link Connection} implementations.
 */
public final class DeliveryGate {
    private record Held(long entryId, ServerFrame frame) {
    }

    private final List<Held> held = new ArrayList<>();
    private boolean draining = true;
    private boolean catchingUp;
    private long lastEntryId;

    /** Sends {@code frame} now or holds it; {@code sender} returns false when the socket refused it. */
    public synchronized void deliver(long entryId, ServerFrame frame, Predicate<ServerFrame> sender) {
        if (draining || catchingUp) {
            held.add(new Held(entryId, frame));
        } else if (entryId > lastEntryId) {
            lastEntryId = entryId;
            sender.test(frame);
        }
    }

    /** The newest entry sent so far; a catch-up reads the store after it. */
    public synchronized long lastEntryId() {
        return lastEntryId;
    }

    public synchronized void backlogSent(long lastBacklogEntryId, Predicate<ServerFrame> sender) {
        draining = false;
        release(lastBacklogEntryId, sender);
    }

    /**
     * Pushes may have been lost (the pub/sub connection dropped): hold live entries until {@link #caughtUp}, so one
     * pushed after the outage cannot overtake the lost ones, which have smaller entry ids. Idempotent.
     */
    public synchronized void holdForCatchUp() {
        catchingUp = true;
    }

    /** The catch-up has delivered what it read from the store through {@link #deliver}; release it all in order. */
    public synchronized void caughtUp(Predicate<ServerFrame> sender) {
        catchingUp = false;
        release(lastEntryId, sender);
    }

    private void release(long lastReadEntryId, Predicate<ServerFrame> sender) {
        lastEntryId = Math.max(lastEntryId, lastReadEntryId);
        if (draining || catchingUp) {
            return;
        }
        held.sort(Comparator.comparingLong(Held::entryId));
        for (Held each : held) {
            if (each.entryId() > lastEntryId) {
                lastEntryId = each.entryId();
                sender.test(each.frame());
            }
        }
        held.clear();
    }
}
