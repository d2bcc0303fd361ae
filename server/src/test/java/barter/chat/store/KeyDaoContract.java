package barter.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The key table on a real store; subclasses pick SQLite or PostgreSQL. Each test starts with empty tables. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyDaoContract {
    Database database;
    KeyDao dao;

    abstract TestDatabases.Kind kind();

    /** One database per class (creating a PostgreSQL database per test is slow); each test starts empty. */
    @BeforeAll
    void openStore(@TempDir Path dir) {
        database = kind().open(dir);
        dao = KeyDao.jdbi(database);
    }

    @BeforeEach
    void emptyTables() {
        database.jdbi().useHandle(h -> {
            h.execute("DELETE FROM user_keys");
        });
    }

    @AfterAll
    void closeStore() {
        database.close();
    }

    static UserKeys row(String userId, TestKeys keys, long updatedAt) {
        return new UserKeys(userId, keys.agreementKey(), keys.signingKey(), keys.signature(), updatedAt);
    }

    static void assertSameKeys(UserKeys actual, UserKeys expected) {
        assertThat(actual.userId()).isEqualTo(expected.userId());
        assertThat(actual.agreementKey()).isEqualTo(expected.agreementKey());
        assertThat(actual.signingKey()).isEqualTo(expected.signingKey());
        assertThat(actual.signature()).isEqualTo(expected.signature());
        assertThat(actual.updatedAt()).isEqualTo(expected.updatedAt());
    }

    @Test
    void findOfAnUnknownUserIsEmpty() {
        assertThat(dao.find("nobody")).isEmpty();
    }

    @Test
    void upsertedKeysAreFoundByteForByte() {
        UserKeys alice = row("alice", TestKeys.generate(), 1_700_000_000_000L);
        dao.upsert(alice);
        assertSameKeys(dao.find("alice").orElseThrow(), alice);
    }

    @Test
    void rotationReplacesEveryFieldOfTheOldKeys() {
        dao.upsert(row("alice", TestKeys.generate(), 1000));
        UserKeys rotated = row("alice", TestKeys.generate(), 2000);
        dao.upsert(rotated);
        assertSameKeys(dao.find("alice").orElseThrow(), rotated);
        long rows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM user_keys")
                .mapTo(Long.class).one());
        assertThat(rows).as("one row per user").isEqualTo(1);
    }

    @Test
    void usersKeysAreKeptApart() {
        UserKeys alice = row("alice", TestKeys.generate(), 1000);
        UserKeys bob = row("bob", TestKeys.generate(), 1001);
        dao.upsert(alice);
        dao.upsert(bob);
        dao.upsert(row("alice", TestKeys.generate(), 3000));
        assertSameKeys(dao.find("bob").orElseThrow(), bob);
        assertThat(dao.find("alice").orElseThrow().updatedAt()).isEqualTo(3000);
        assertThat(dao.find("ALICE")).as("user ids are case-sensitive").isEmpty();
    }
}
