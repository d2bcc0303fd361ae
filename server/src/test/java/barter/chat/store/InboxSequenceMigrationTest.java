package barter.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.ops.Metrics;
import barter.chat.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An upgrade across V3 (the inbox sequence): a store written by round 1's schema (V2) with undelivered messages
 * and receipts is migrated, and every entry is still delivered, in the order it had, with sequence numbers that
 * new entries continue.
 */
class InboxSequenceMigrationTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void undeliveredEntriesOfTheOldSchemaKeepTheirOrderAndNewOnesFollow(TestDatabases.Kind kind, @TempDir Path dir) {
        String url = kind.url(dir);
        try (HikariDataSource old = new HikariDataSource()) {
            old.setJdbcUrl(url);
            if (kind == TestDatabases.Kind.POSTGRES) {
                old.setUsername(TestDatabases.POSTGRES_USER);
            }
            Flyway.configure().dataSource(old).locations(kind == TestDatabases.Kind.POSTGRES
                    ? "classpath:db/postgresql" : "classpath:db/sqlite").target("2").load().migrate();
            Jdbi.create(old).useHandle(h -> {
                for (int i = 1; i <= 3; i++) {
                    h.execute("INSERT INTO sends (sender, client_id, recipient, created_at) VALUES (?, ?, 'bob', ?)",
                            "alice", "c" + i, 1000 + i);
                    h.execute("INSERT INTO inbox (recipient, kind, message_id, peer, client_id, body, created_at) "
                            + "VALUES ('bob', 0, ?, 'alice', ?, ?, ?)", i, "c" + i, "Ym9keQ==", 1000 + i);
                }
                h.execute("INSERT INTO inbox (recipient, kind, message_id, peer, client_id, body, created_at) "
                        + "VALUES ('alice', 1, 99, 'bob', 'c0', NULL, 999)");
            });
        }
        try (Database database = Database.open(url, kind == TestDatabases.Kind.POSTGRES
                ? TestDatabases.POSTGRES_USER : null, null, Metrics.prometheus())) {
            MessageDao dao = MessageDao.jdbi(database, new InboxQuota(4, 1 << 20));
            String counted = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT entries || '/' || bytes FROM inbox_heads WHERE recipient = 'bob'").mapTo(String.class).one());
            assertThat(counted).as("V4 counts what the inbox already holds").isEqualTo("3/24");
            List<InboxEntry> bob = dao.entriesAfter("bob", 0, 100, Long.MAX_VALUE).entries();
            assertThat(bob).extracting(InboxEntry::messageId).containsExactly(1L, 2L, 3L);
            assertThat(bob).extracting(InboxEntry::seq).isSorted().doesNotHaveDuplicates();
            assertThat(bob).extracting(InboxEntry::body).containsOnly("Ym9keQ==");
            long last = bob.get(2).seq();

            WriteResult.Accepted next = (WriteResult.Accepted) dao.write(List.of(
                    new Write.Accept("carol", "n1", "bob", "bmV3", 2000, true))).get(0);
            assertThat(next.stored().seq()).as("a new entry follows the migrated ones").isEqualTo(last + 1);
            assertThat(dao.entriesAfter("bob", last, 100, Long.MAX_VALUE).entries())
                    .extracting(InboxEntry::peer).containsExactly("carol");
            assertThat(dao.entriesAfter("alice", 0, 100, Long.MAX_VALUE).entries())
                    .extracting(InboxEntry::kind).containsExactly(InboxEntry.Kind.DELIVERED);
            assertThat(dao.entriesAfter("bob", 0, 1, 10).more()).isTrue();
            assertThat(dao.write(List.of(new Write.Accept("carol", "n2", "bob", "bmV3", 2000, true))).get(0))
                    .as("the fifth entry is past the quota of 4").isInstanceOf(WriteResult.RecipientFull.class);
        }
    }
}
