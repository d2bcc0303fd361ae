package barter.chat.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one batch does to each recipient's head row ({@code inbox_heads}): entries added (they take the next
 * sequence numbers) and the change in the counts the inbox quota reads. Sorted by recipient, the order in which
 * every batch locks head rows.
 */
final class HeadChanges implements Expiring.Removals {
    static final class Change {
        long added;
        long entries;
        long bytes;
    }

    private final Map<String, Change> changes = new TreeMap<>();

    void added(String recipient, long bodyBytes) {
        Change change = change(recipient);
        change.added++;
        change.entries++;
        change.bytes += bodyBytes;
    }

    @Override
    public void removed(String recipient, long bodyBytes) {
        Change change = change(recipient);
        change.entries--;
        change.bytes -= bodyBytes;
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    Map<String, Change> sorted() {
        return changes;
    }

    private Change change(String recipient) {
        return changes.computeIfAbsent(recipient, r -> new Change());
    }
}
