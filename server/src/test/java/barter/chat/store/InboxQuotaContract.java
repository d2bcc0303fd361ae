package barter.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-recipient inbox quota ({@code CHAT_MAX_INBOX_MESSAGES}, {@code CHAT_MAX_INBOX_BYTES}) on a real store:
 * what is refused, that a refused send's client id stays free, and that the counts the check reads follow every
 * insert, ack and expiry. Subclasses pick SQLite or PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboxQuotaContract {
    private static final String BODY = "Ym9keQ=="; // 8 bytes of base64
    private Database database;
    private MessageDao dao;

    abstract TestDatabases.Kind kind();

    @BeforeAll
    void openStore(@TempDir Path dir) {
        database = kind().open(dir);
        dao = MessageDao.jdbi(database, new InboxQuota(3, 64));
    }

    @BeforeEach
    void emptyTables() {
        database.jdbi().useHandle(h -> {
            h.execute("DELETE FROM inbox");
            h.execute("DELETE FROM inbox_heads");
            h.execute("DELETE FROM sends");
        });
    }

    @AfterAll
    void closeStore() {
        database.close();
    }

    @Test
    void sendsPastTheMessageQuotaAreRefusedAndTheirIdsStayFree() {
        for (int i = 1; i <= 3; i++) {
            assertThat(write(send("alice", "c" + i, BODY))).isInstanceOf(WriteResult.Accepted.class);
        }
        WriteResult full = write(send("alice", "c4", BODY));
        assertThat(full).isEqualTo(new WriteResult.RecipientFull("bob", new InboxQuota.Usage(3, 24)));
        assertThat(sentCount()).isEqualTo(3);

        ackAll("bob");
        WriteResult retried = write(send("alice", "c4", BODY));
        assertThat(retried).isInstanceOfSatisfying(WriteResult.Accepted.class,
                a -> assertThat(a.duplicate()).as("the refused id was not consumed").isFalse());
    }

    @Test
    void theByteQuotaCountsStoredBodies() {
        String big = "A".repeat(40);
        assertThat(write(send("alice", "c1", big))).isInstanceOf(WriteResult.Accepted.class);
        assertThat(write(send("alice", "c2", big))).isInstanceOf(WriteResult.RecipientFull.class);
        assertThat(write(send("alice", "c3", "A".repeat(24)))).isInstanceOf(WriteResult.Accepted.class);
    }

    @Test
    void anEmptyInboxTakesOneMessageWhateverItsSize() {
        assertThat(write(send("alice", "c1", "A".repeat(100)))).isInstanceOf(WriteResult.Accepted.class);
    }

    @Test
    void aRepeatOfASendAcceptedBeforeTheInboxFilledGetsItsFirstAnswer() {
        WriteResult.Accepted first = (WriteResult.Accepted) write(send("alice", "c1", BODY));
        write(send("carol", "x1", BODY));
        write(send("carol", "x2", BODY));

        WriteResult again = write(send("alice", "c1", BODY));

        assertThat(again).isEqualTo(new WriteResult.Accepted(first.messageId(), first.ts(), true, null));
    }

    @Test
    void oneBatchCountsItsOwnSendsAndARepeatInItSharesItsFirstsFate() {
        List<Write> batch = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            batch.add(send("alice", "c" + i, BODY));
        }
        batch.add(send("alice", "c5", BODY));
        List<WriteResult> results = dao.write(batch);

        assertThat(results.subList(0, 3)).allMatch(WriteResult.Accepted.class::isInstance);
        assertThat(results.subList(3, 6)).allMatch(WriteResult.RecipientFull.class::isInstance);
        assertThat(sentCount()).isEqualTo(3);
    }

    @Test
    void aBlockedSendersMessagesAreNeverRefusedSoTheBlockStaysHidden() {
        for (int i = 1; i <= 3; i++) {
            write(send("alice", "c" + i, BODY));
        }
        WriteResult silent = write(new Write.Accept("mallory", "m1", "bob", BODY, 1000, false));
        assertThat(silent).isInstanceOf(WriteResult.Accepted.class);
    }

    @Test
    void acksExpiryAndReceiptsMoveTheCountsTheQuotaReads() {
        write(send("alice", "c1", BODY));
        write(send("alice", "c2", "A".repeat(12)));
        write(send("carol", "x1", BODY));
        assertCountsMatchTheInbox();
        ackAll("bob"); // bob's inbox empties; alice and carol each get receipts
        assertCountsMatchTheInbox();
        write(new Write.Accept("bob", "b1", "alice", BODY, 1000, true));
        assertThat(usage("alice").entries()).as("two receipts and bob's message").isEqualTo(3);
        dao.expire(Long.MAX_VALUE, 5000, 100); // bob's message expires, old receipts are dropped
        assertCountsMatchTheInbox();
        assertThat(usage("alice")).isEqualTo(new InboxQuota.Usage(0, 0));
        assertThat(usage("bob").entries()).as("the expired receipt").isEqualTo(1);
    }

    private void assertCountsMatchTheInbox() {
        List<String[]> mismatches = database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT h.recipient, h.entries, h.bytes, count(i.id), coalesce(sum(i.body_bytes), 0)
                        FROM inbox_heads h LEFT JOIN inbox i ON i.recipient = h.recipient
                        GROUP BY h.recipient, h.entries, h.bytes
                        HAVING h.entries <> count(i.id) OR h.bytes <> coalesce(sum(i.body_bytes), 0)""")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(4)}).list());
        assertThat(mismatches).as("heads whose counts differ from their inbox").isEmpty();
    }

    private InboxQuota.Usage usage(String recipient) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT entries, bytes FROM inbox_heads WHERE recipient = :r").bind("r", recipient)
                .map((rs, ctx) -> new InboxQuota.Usage(rs.getLong(1), rs.getLong(2))).one());
    }

    private Write.Accept send(String sender, String clientId, String body) {
        return new Write.Accept(sender, clientId, "bob", body, 1000, true);
    }

    private WriteResult write(Write write) {
        return dao.write(List.of(write)).get(0);
    }

    private void ackAll(String recipient) {
        List<Long> ids = dao.entriesAfter(recipient, 0, 1000, Long.MAX_VALUE).entries().stream()
                .map(InboxEntry::messageId).toList();
        dao.write(List.of(new Write.Acknowledge(recipient, ids, 2000)));
    }

    private long sentCount() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM sends").mapTo(Long.class).one());
    }
}
