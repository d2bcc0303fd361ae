package barter.chat.client.storage;

import java.util.Collections;
import java.util.List;

/** {@link DedupStore#none()}: remembers nothing across a restart. */
enum NoDedup implements DedupStore {
    INSTANCE;

    @Override
    public void add(long messageId) {
    }

    @Override
    public List<Long> load() {
        return Collections.emptyList();
    }
}
