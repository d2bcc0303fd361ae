package barter.chat.connections;

import barter.chat.store.InboxEntry;

/**
 * What a connection's delivery stream hears about its user's inbox. Notices only: the store stays the one source of
 * what is delivered, so a lost notice delays an entry but never loses it. Must not block.
 */
public interface InboxListener {

    /** This node committed {@code entry} for the user; the stream may write it without reading the store. */
    void committed(InboxEntry entry);

    /** The store may hold entries this stream was not told about (another node, or notices lost): read it. */
    void mayHaveMissed();

    InboxListener NONE = new InboxListener() {
        @Override
        public void committed(InboxEntry entry) {
        }

        @Override
        public void mayHaveMissed() {
        }
    };
}
