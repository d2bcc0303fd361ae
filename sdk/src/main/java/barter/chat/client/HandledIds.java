package barter.chat.client;

import barter.chat.client.storage.DedupStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of messages already handed to the app: the last {@code capacity} in memory, each also written to the
 * {@link DedupStore} so a redelivery after a restart is still recognised. Event thread only.
 */
final class HandledIds {
    private static final Logger LOG = LoggerFactory.getLogger(HandledIds.class);

    private final RecentIds recent;
    private final DedupStore store;
    private final int capacity;

    private HandledIds(DedupStore store, int capacity) {
        this.recent = new RecentIds(capacity);
        this.store = store;
        this.capacity = capacity;
    }

    /** Loads what the store kept from earlier processes. */
    static HandledIds load(DedupStore store, int capacity) throws IOException {
        HandledIds ids = new HandledIds(store, capacity);
        store.load().forEach(ids.recent::add);
        return ids;
    }

    boolean contains(long messageId) {
        return recent.contains(messageId);
    }

    /** Before the ack: once acknowledged the message is gone from the server, so a lost ack is the only way back. */
    void remember(long messageId) {
        recent.add(messageId);
        try {
            store.add(messageId);
        } catch (IOException e) {
            // The in-memory filter still holds it; only a redelivery after a restart could show it twice.
            LOG.warn("cannot record message {} as handled in the dedup store: {}", messageId, e.getMessage());
        }
    }

    int capacity() {
        return capacity;
    }
}
