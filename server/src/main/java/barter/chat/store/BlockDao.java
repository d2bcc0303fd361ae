package barter.chat.store;

import java.util.List;

/** The {@code blocks} table: who blocked whom. Thread-safe; each call is its own transaction. */
public interface BlockDao {

    /** Idempotent; refused ({@link Added#FULL}) when {@code blocker} already has {@code max} blocks. */
    Added add(String blocker, String blocked, long now, int max);

    enum Added { NEW, ALREADY, FULL }

    /** True when a block was removed. */
    boolean remove(String blocker, String blocked);

    /** All the users {@code blocker} has blocked (the send path's cache). */
    List<String> blockedBy(String blocker);

    /** A page of the users {@code blocker} has blocked, by user id, after {@code after} (null: from the start). */
    List<String> blockedPage(String blocker, String after, int limit);

    static BlockDao jdbi(Database database) {
        return new JdbiBlockDao(database.jdbi());
    }
}
