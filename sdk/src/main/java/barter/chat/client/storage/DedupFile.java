package barter.chat.client.storage;

import java.io.File;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@link DedupStore#file}: one message id per line, after a header line. {@link #load()} keeps the last
 * {@code capacity} and compacts the file to them; it is compacted again once it holds twice the capacity.
 */
final class DedupFile implements DedupStore {
    private static final String HEADER = "barter-chat-handled 1";

    private final AppendOnlyFile log;
    private final int capacity;
    private final Deque<Long> recent = new ArrayDeque<>();
    private int lines;

    DedupFile(File file, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.log = new AppendOnlyFile(file);
        this.capacity = capacity;
    }

    @Override
    public synchronized void add(long messageId) throws IOException {
        log.append(Long.toString(messageId));
        remember(messageId);
        if (++lines >= 2 * capacity) {
            compact();
        }
    }

    @Override
    public synchronized List<Long> load() throws IOException {
        List<String> stored = log.readLines();
        recent.clear();
        if (!stored.isEmpty() && !stored.get(0).equals(HEADER)) {
            throw new IOException("not a barter-chat handled-ids file: " + stored.get(0));
        }
        for (String line : stored.subList(Math.min(1, stored.size()), stored.size())) {
            try {
                remember(Long.parseLong(line));
            } catch (NumberFormatException e) {
                throw new IOException("corrupt handled-ids line: " + line, e);
            }
        }
        compact();
        return new ArrayList<>(recent);
    }

    private void remember(long messageId) {
        recent.addLast(messageId);
        while (recent.size() > capacity) {
            recent.removeFirst();
        }
    }

    private void compact() throws IOException {
        List<String> content = new ArrayList<>();
        content.add(HEADER);
        for (long id : recent) {
            content.add(Long.toString(id));
        }
        log.rewrite(content);
        lines = recent.size();
    }
}
