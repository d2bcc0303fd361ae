package barter.chat.messaging;

import barter.chat.connections.ConnectionManager;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.InboxEntry;

/**
 * Pushes a freshly stored inbox entry to its recipient's live connection, wherever it is. Best effort by design:
 * the entry is already durable, so a lost push only delays it until the next connect. Must not block.
 */
public interface Router {

    void deliver(InboxEntry entry);

    /** Relays an ephemeral typing notice to {@code to} if online; never stored. */
    void typing(String from, String to);

    /** Delivers to connections of this node only (embedded mode). */
    static Router local(ConnectionManager connections) {
        return new Router() {
            @Override
            public void deliver(InboxEntry entry) {
                connections.get(entry.recipient()).ifPresent(c -> c.deliver(entry.entryId(), Frames.of(entry)));
            }

            @Override
            public void typing(String from, String to) {
                connections.get(to).ifPresent(c -> c.send(new ServerFrame.Typing(from)));
            }
        };
    }
}
