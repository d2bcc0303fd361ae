package barter.chat.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last {@code capacity} ids seen, oldest forgotten first; bounds the memory of duplicate detection. */
final class RecentIds {
    private final Map<Long, Boolean> ids;

    RecentIds(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(long id) {
        return ids.containsKey(id);
    }

    /** Records {@code id}; returns false if it was already recorded. */
    synchronized boolean add(long id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    synchronized int size() {
        return ids.size();
    }
}
