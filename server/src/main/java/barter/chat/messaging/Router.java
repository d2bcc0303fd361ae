package barter.chat.messaging;

import barter.chat.connections.ConnectionManager;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.InboxEntry;

/**
 * Tells the recipient's delivery stream, wherever its connection is, that the store holds a new entry. Notices only:
 * the entry is already durable and the stream reads the store, so a lost notice only delays it until the stream's
 * next read (after an outage, a node's death, or its next notice). Must not block.
 */
public interface Router {

    /** This node committed {@code entry}. */
    void deliver(InboxEntry entry);

    /** The store may hold entries for {@code recipient} that its stream was not told about. */
    void notice(String recipient);

    /** Relays an ephemeral typing notice to {@code to} if online; never stored. */
    void typing(String from, String to);

    /** Delivers to connections of this node only (embedded mode). */
    static Router local(ConnectionManager connections) {
        return new Router() {
            @Override
            public void deliver(InboxEntry entry) {
                connections.get(entry.recipient()).ifPresent(c -> c.inbox().committed(entry));
            }

            @Override
            public void notice(String recipient) {
                connections.get(recipient).ifPresent(c -> c.inbox().mayHaveMissed());
            }

            @Override
            public void typing(String from, String to) {
                connections.get(to).ifPresent(c -> c.send(new ServerFrame.Typing(from)));
            }
        };
    }
}
