package barter.chat.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message ids a connection has written (messages and receipts) and its client has not acked yet. An ack's ids
 * that are here are certainly the caller's, so they go to the writer at no charge; any other id (one delivered on
 * an earlier connection, or one that was never the caller's) is charged to the {@code acks} rate limit first, so a
 * flood of made-up ids cannot keep the single writer busy. Holds one entry per unacked delivery: at most what the
 * caller's inbox holds, which its quota bounds. Thread-safe.
 */
final class UnackedIds {
    private final Set<Long> written = ConcurrentHashMap.newKeySet();

    /** An ack split into ids this connection delivered (now forgotten) and the others. */
    record Split(List<Long> delivered, List<Long> others) {
    }

    void written(long messageId) {
        written.add(messageId);
    }

    Split acked(List<Long> ids) {
        List<Long> delivered = new ArrayList<>(ids.size());
        List<Long> others = new ArrayList<>();
        for (Long id : ids) {
            (written.remove(id) ? delivered : others).add(id);
        }
        return new Split(delivered, others);
    }
}
