package barter.chat.abuse;

import barter.chat.store.BlockDao;
import java.time.Clock;
import java.util.List;

/** Who blocked whom. Thread-safe; changes are durable on return and visible to {@link #isBlocked} at once. */
public interface Blocks {

    /** Throws {@link barter.chat.ChatException} ({@code forbidden}) when the blocker's list is full. */
    void block(String blocker, String blocked);

    void unblock(String blocker, String blocked);

    /** A page of {@code blocker}'s list, by user id, after {@code after} (null: from the start). */
    List<String> blockedPage(String blocker, String after, int limit);

    /** True when {@code recipient} has blocked {@code sender}. Cached: called for every send and typing frame. */
    boolean isBlocked(String recipient, String sender);

    /** Drops the cached list of {@code blocker} (it changed on another node). */
    void invalidate(String blocker);

    /** Drops every cached list (changes elsewhere may have gone unheard). */
    void invalidateAll();

    /** @param maxBlocks the most users one user may block ({@code CHAT_MAX_BLOCKS}) */
    static Blocks cached(BlockDao dao, Clock clock, BlockListener listener, int maxBlocks) {
        return new CachedBlocks(dao, clock, listener, maxBlocks);
    }

    /** Told when a user's block list changes, so other nodes can drop their cached copy. */
    interface BlockListener {
        void changed(String blocker);

        BlockListener NONE = blocker -> { };
    }
}
