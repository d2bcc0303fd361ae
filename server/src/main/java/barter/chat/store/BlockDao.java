package barter.chat.store;

import java.util.List;

/** The {@code blocks} table: who blocked whom. Thread-safe; each call is its own transaction. */
public interface BlockDao {

    /** Idempotent; true when the block is new. */
    boolean add(String blocker, String blocked, long now);

    /** True when a block was removed. */
    boolean remove(String blocker, String blocked);

    /** The users {@code blocker} has blocked, oldest first. */
    List<String> blockedBy(String blocker);

    static BlockDao jdbi(Database database) {
        return new JdbiBlockDao(database.jdbi());
    }
}
