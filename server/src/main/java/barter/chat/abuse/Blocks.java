package barter.chat.abuse;

import barter.chat.store.BlockDao;
import java.time.Clock;
import java.util.List;

/** Who blocked whom. Thread-safe; changes are durable on return and visible to {@link #isBlocked} at once. */
public interface Blocks {

    void block(String blocker, String blocked);

    void unblock(String blocker, String blocked);

    List<String> blockedBy(String blocker);

    /** True when {@code recipient} has blocked {@code sender}. Cached: called for every send and typing frame. */
    boolean isBlocked(String recipient, String sender);

    static Blocks cached(BlockDao dao, Clock clock) {
        return new CachedBlocks(dao, clock);
    }
}
