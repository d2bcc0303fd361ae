package barter.chat.store;

import java.util.Optional;

/** The {@code user_keys} table. Thread-safe; each call is its own transaction. */
public interface KeyDao {

    /** Inserts or replaces the user's keys; durable on return. */
    void upsert(UserKeys keys);

    Optional<UserKeys> find(String userId);

    static KeyDao jdbi(Database database) {
        return new JdbiKeyDao(database.jdbi());
    }
}
