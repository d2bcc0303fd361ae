package barter.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable queue's tables on a real store; subclasses pick SQLite or PostgreSQL. Each test starts with empty
 * tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MessageDaoContract {
    Database database;
    MessageDao dao;

    abstract TestDatabases.Kind kind();

    /** One database per class (creating a PostgreSQL database per test is slow); each test starts empty. */
    @BeforeAll
    void openStore(@TempDir Path dir) {
        database = kind().open(dir);
        dao = MessageDao.jdbi(database);
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

    WriteResult.Accepted accept(String sender, String clientId, String to, long now) {
        return (WriteResult.Accepted) dao.write(List.of(accepting(sender, clientId, to, now))).get(0);
    }

    static Write.Accept accepting(String sender, String clientId, String to, long now) {
        return new Write.Accept(sender, clientId, to, "Ym9keS0=" + clientId.length(), now, true);
    }

    WriteResult.Acknowledged ack(String recipient, long now, Long... messageIds) {
        return (WriteResult.Acknowledged) dao.write(List.of(new Write.Acknowledge(recipient, List.of(messageIds), now)))
                .get(0);
    }

    List<InboxEntry> inbox(String recipient) {
        return dao.entriesAfter(recipient, 0, 10_000, Long.MAX_VALUE).entries();
    }

    @Test
    void acceptStoresTheSendAndQueuesTheMessageForTheRecipient() {
        WriteResult.Accepted accepted = accept("alice", "c1", "bob", 1000);
        assertThat(accepted.duplicate()).isFalse();
        assertThat(accepted.ts()).isEqualTo(1000);
        InboxEntry stored = accepted.stored();
        assertThat(stored.recipient()).isEqualTo("bob");
        assertThat(stored.kind()).isEqualTo(InboxEntry.Kind.MESSAGE);
        assertThat(stored.messageId()).isEqualTo(accepted.messageId());
        assertThat(stored.peer()).isEqualTo("alice");
        assertThat(stored.clientId()).isEqualTo("c1");
        assertThat(inbox("bob")).containsExactly(stored);
        assertThat(inbox("alice")).isEmpty();
        assertThat(dao.findSent(accepted.messageId())).contains(new SentMessage(accepted.messageId(), "alice", "bob", "c1", 1000, true,
                null, null));
    }

    @Test
    void aRepeatedAcceptGetsTheFirstAnswerAndStoresNothingNew() {
        WriteResult.Accepted first = accept("alice", "c1", "bob", 1000);
        WriteResult.Accepted again = accept("alice", "c1", "bob", 5000);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.ts()).as("the first accept time").isEqualTo(1000);
        assertThat(again.stored()).isNull();
        assertThat(inbox("bob")).hasSize(1);
        assertThat(dao.countUndelivered()).isEqualTo(1);
    }

    @Test
    void aRepeatedAcceptInTheSameBatchIsAlsoDeduplicated() {
        List<WriteResult> results = dao.write(List.of(accepting("alice", "c1", "bob", 1000),
                accepting("alice", "c1", "bob", 1000), accepting("carol", "c1", "bob", 1000)));
        WriteResult.Accepted first = (WriteResult.Accepted) results.get(0);
        WriteResult.Accepted second = (WriteResult.Accepted) results.get(1);
        WriteResult.Accepted otherSender = (WriteResult.Accepted) results.get(2);
        assertThat(second.duplicate()).isTrue();
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(otherSender.duplicate()).as("the key is (sender, client id)").isFalse();
        assertThat(otherSender.messageId()).isNotEqualTo(first.messageId());
        assertThat(inbox("bob")).extracting(InboxEntry::peer).containsExactly("alice", "carol");
    }

    @Test
    void anAcceptWithoutDeliveryIsRecordedButNotQueued() {
        WriteResult.Accepted silent = (WriteResult.Accepted) dao.write(
                List.of(new Write.Accept("alice", "c1", "bob", "aGk=", 1000, false))).get(0);
        assertThat(silent.stored()).isNull();
        assertThat(inbox("bob")).isEmpty();
        assertThat(accept("alice", "c1", "bob", 2000).messageId()).isEqualTo(silent.messageId());
        assertThat(dao.countUndelivered()).isZero();
        assertThat(dao.findSent(silent.messageId())).as("recorded as never relayed, so reports can tell")
                .hasValueSatisfying(sent -> assertThat(sent.relayed()).isFalse());
    }

    @Test
    void ackDeletesOnlyTheRecipientsOwnRowsAndQueuesDeliveredReceipts() {
        long toBob = accept("alice", "a1", "bob", 1000).messageId();
        long toCarol = accept("alice", "a2", "carol", 1000).messageId();

        WriteResult.Acknowledged foreign = ack("carol", 2000, toBob);
        assertThat(foreign.acked()).as("carol cannot ack bob's message").isEmpty();
        assertThat(foreign.receipts()).isEmpty();
        assertThat(inbox("bob")).extracting(InboxEntry::messageId).containsExactly(toBob);

        WriteResult.Acknowledged own = ack("bob", 3000, toBob, toCarol, 999_999L);
        assertThat(own.acked()).extracting(InboxEntry::messageId).containsExactly(toBob);
        assertThat(own.acked().get(0).createdAt()).as("the accept time, for the ack latency").isEqualTo(1000);
        assertThat(inbox("bob")).isEmpty();
        assertThat(inbox("carol")).extracting(InboxEntry::messageId).containsExactly(toCarol);

        InboxEntry receipt = own.receipts().get(0);
        assertThat(own.receipts()).hasSize(1);
        assertThat(receipt.recipient()).isEqualTo("alice");
        assertThat(receipt.kind()).isEqualTo(InboxEntry.Kind.DELIVERED);
        assertThat(receipt.messageId()).isEqualTo(toBob);
        assertThat(receipt.peer()).isEqualTo("bob");
        assertThat(receipt.clientId()).isEqualTo("a1");
        assertThat(receipt.body()).isNull();
        assertThat(receipt.createdAt()).isEqualTo(3000);
        assertThat(inbox("alice")).containsExactly(receipt);
    }

    @Test
    void acksOfEveryWidthDeleteEachListedMessageOnce() {
        List<Long> ids = IntStream.rangeClosed(1, 9)
                .mapToObj(i -> accept("alice", "w" + i, "bob", 1000).messageId()).toList();
        // widths 1, 2, 3 and 3 with a repeated id: statements are shared by power-of-two width, padded by repeating
        assertThat(ack("bob", 2000, ids.get(0)).receipts()).hasSize(1);
        assertThat(ack("bob", 2000, ids.get(1), ids.get(2)).receipts()).hasSize(2);
        assertThat(ack("bob", 2000, ids.get(3), ids.get(4), ids.get(5)).acked())
                .extracting(InboxEntry::messageId).containsExactlyInAnyOrder(ids.get(3), ids.get(4), ids.get(5));
        WriteResult.Acknowledged repeated = ack("bob", 2000, ids.get(6), ids.get(6), ids.get(7));
        assertThat(repeated.acked()).extracting(InboxEntry::messageId)
                .containsExactlyInAnyOrder(ids.get(6), ids.get(7));
        assertThat(repeated.receipts()).hasSize(2);
        assertThat(inbox("bob")).extracting(InboxEntry::messageId).containsExactly(ids.get(8));
        assertThat(inbox("alice")).hasSize(8).allSatisfy(r -> assertThat(r.kind()).isEqualTo(InboxEntry.Kind.DELIVERED));
    }

    @Test
    void oneBatchOfManyUsersAcceptsAndAcksGivesEachWriteItsOwnResult() {
        long toBob = accept("alice", "a1", "bob", 1000).messageId();
        long toCarol = accept("dave", "d1", "carol", 1000).messageId();
        List<WriteResult> results = dao.write(List.of(
                accepting("alice", "a2", "bob", 2000),
                new Write.Acknowledge("bob", List.of(toBob), 2100),
                accepting("erin", "e1", "carol", 2000),
                new Write.Acknowledge("carol", List.of(toCarol, toBob), 2200),
                new Write.Acknowledge("bob", List.of(toBob), 2300),
                accepting("alice", "a2", "bob", 2400)));

        WriteResult.Accepted a2 = (WriteResult.Accepted) results.get(0);
        WriteResult.Acknowledged bobAck = (WriteResult.Acknowledged) results.get(1);
        WriteResult.Accepted e1 = (WriteResult.Accepted) results.get(2);
        WriteResult.Acknowledged carolAck = (WriteResult.Acknowledged) results.get(3);
        WriteResult.Acknowledged bobAgain = (WriteResult.Acknowledged) results.get(4);
        WriteResult.Accepted a2Again = (WriteResult.Accepted) results.get(5);

        assertThat(a2.duplicate()).isFalse();
        assertThat(a2Again.duplicate()).isTrue();
        assertThat(a2Again.messageId()).isEqualTo(a2.messageId());
        assertThat(a2Again.stored()).isNull();
        assertThat(e1.stored().recipient()).isEqualTo("carol");
        assertThat(bobAck.acked()).extracting(InboxEntry::messageId).containsExactly(toBob);
        assertThat(bobAck.receipts()).extracting(InboxEntry::recipient).containsExactly("alice");
        assertThat(carolAck.acked()).extracting(InboxEntry::messageId).containsExactly(toCarol);
        assertThat(carolAck.receipts()).extracting(InboxEntry::recipient).containsExactly("dave");
        assertThat(bobAgain.acked()).isEmpty();
        assertThat(inbox("bob")).extracting(InboxEntry::messageId).containsExactly(a2.messageId());
        assertThat(inbox("carol")).containsExactly(e1.stored());
        assertThat(inbox("alice")).containsExactlyElementsOf(bobAck.receipts());
        assertThat(inbox("dave")).containsExactlyElementsOf(carolAck.receipts());
    }

    @Test
    void ackingAReceiptDeletesItWithoutANewReceipt() {
        long id = accept("alice", "a1", "bob", 1000).messageId();
        ack("bob", 2000, id);
        WriteResult.Acknowledged receiptAck = ack("alice", 3000, id);
        assertThat(receiptAck.acked()).as("only messages count as acked").isEmpty();
        assertThat(receiptAck.receipts()).isEmpty();
        assertThat(inbox("alice")).isEmpty();
        assertThat(inbox("bob")).isEmpty();
    }

    @Test
    void aSecondAckOfTheSameMessageChangesNothing() {
        long id = accept("alice", "a1", "bob", 1000).messageId();
        assertThat(ack("bob", 2000, id).receipts()).hasSize(1);
        WriteResult.Acknowledged again = ack("bob", 2500, id);
        assertThat(again.acked()).isEmpty();
        assertThat(again.receipts()).isEmpty();
        assertThat(inbox("alice")).hasSize(1);
    }

    @Test
    void expireDeletesOldMessagesAndQueuesExpiredReceiptsForTheirSenders() {
        long old = accept("alice", "old", "bob", 1000).messageId();
        long young = accept("alice", "young", "bob", 5000).messageId();
        Expiry expiry = dao.expire(3000, 6000, 100);
        assertThat(expiry.messagesExpired()).isEqualTo(1);
        assertThat(inbox("bob")).extracting(InboxEntry::messageId).containsExactly(young);
        assertThat(expiry.receipts()).hasSize(1);
        InboxEntry receipt = expiry.receipts().get(0);
        assertThat(receipt.recipient()).isEqualTo("alice");
        assertThat(receipt.kind()).isEqualTo(InboxEntry.Kind.EXPIRED);
        assertThat(receipt.messageId()).isEqualTo(old);
        assertThat(receipt.peer()).isEqualTo("bob");
        assertThat(receipt.clientId()).isEqualTo("old");
        assertThat(receipt.createdAt()).isEqualTo(6000);
        assertThat(inbox("alice")).containsExactly(receipt);
    }

    @Test
    void expireDropsOldReceiptsAndSendRecordsButKeepsYoungOnes() {
        long acked = accept("alice", "a1", "bob", 1000).messageId();
        ack("bob", 1500, acked);
        long youngSend = accept("alice", "a2", "bob", 4000).messageId();
        ack("bob", 4500, youngSend);
        Expiry expiry = dao.expire(3000, 6000, 100);
        assertThat(expiry.messagesExpired()).isZero();
        assertThat(expiry.receiptsDropped()).isEqualTo(1);
        assertThat(expiry.sendsDropped()).isEqualTo(1);
        assertThat(inbox("alice")).extracting(InboxEntry::messageId).containsExactly(youngSend);
        assertThat(dao.findSent(acked)).isEmpty();
        assertThat(dao.findSent(youngSend)).isPresent();
    }

    @Test
    void theExpiredReceiptsOfOneRunSurviveThatRun() {
        accept("alice", "old", "bob", 1000);
        dao.expire(3000, 6000, 100);
        Expiry next = dao.expire(3000, 6000, 100);
        assertThat(next.receiptsDropped()).isZero();
        assertThat(inbox("alice")).hasSize(1);
    }

    @Test
    void expireTakesAtMostLimitMessagesOldestFirst() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(accept("alice", "m" + i, "bob", 1000 + i).messageId());
        }
        Expiry first = dao.expire(3000, 6000, 2);
        assertThat(first.messagesExpired()).isEqualTo(2);
        assertThat(first.receipts()).extracting(InboxEntry::messageId).containsExactly(ids.get(0), ids.get(1));
        assertThat(inbox("bob")).extracting(InboxEntry::messageId).containsExactlyElementsOf(ids.subList(2, 5));
        assertThat(dao.expire(3000, 6000, 10).messagesExpired()).isEqualTo(3);
        assertThat(dao.countUndelivered()).isZero();
    }

    @Test
    void inboxPagesAreInSequenceOrderAndPageAfterTheLastSeenSequence() {
        List<Long> toBob = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            toBob.add(accept("alice", "b" + i, "bob", 1000 + i).messageId());
            accept("alice", "c" + i, "carol", 1000 + i);
        }
        List<Long> paged = new ArrayList<>();
        long after = 0;
        List<Integer> pageSizes = new ArrayList<>();
        List<Boolean> more = new ArrayList<>();
        while (true) {
            InboxPage page = dao.entriesAfter("bob", after, 3, Long.MAX_VALUE);
            pageSizes.add(page.entries().size());
            more.add(page.more());
            if (page.entries().isEmpty()) {
                break;
            }
            assertThat(page.entries()).allMatch(e -> e.recipient().equals("bob"));
            page.entries().forEach(e -> paged.add(e.messageId()));
            after = page.entries().get(page.entries().size() - 1).seq();
        }
        assertThat(paged).containsExactlyElementsOf(toBob);
        assertThat(pageSizes).containsExactly(3, 3, 1, 0);
        assertThat(more).containsExactly(true, true, false, false);
    }

    @Test
    void eachRecipientsSequenceHasNoGapsAcrossBatchesAndKinds() {
        List<Write> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new Write.Accept("alice", "s" + i, "bob", "Ym9keQ==", 1000 + i, true));
            batch.add(new Write.Accept("carol", "s" + i, "bob", "Ym9keQ==", 1000 + i, true));
            batch.add(new Write.Accept("bob", "r" + i, "alice", "Ym9keQ==", 1000 + i, true));
        }
        dao.write(batch);
        List<Long> firstFive = inbox("bob").stream().filter(e -> e.peer().equals("alice"))
                .map(InboxEntry::messageId).toList();
        dao.write(List.of(new Write.Acknowledge("bob", firstFive, 2000)));
        accept("alice", "late", "bob", 3000);
        assertThat(inbox("bob")).extracting(InboxEntry::seq).containsExactly(2L, 4L, 6L, 8L, 10L, 11L);
        assertThat(inbox("alice")).extracting(InboxEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void aPageStopsOnceItsBodiesReachTheByteBudgetButAlwaysHoldsOneEntry() {
        String large = "A".repeat(1000);
        for (int i = 0; i < 6; i++) {
            dao.write(List.of(new Write.Accept("alice", "big" + i, "bob", large, 1000 + i, true)));
        }
        InboxPage page = dao.entriesAfter("bob", 0, 100, 2500);
        assertThat(page.entries()).extracting(InboxEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(page.more()).isTrue();
        InboxPage tiny = dao.entriesAfter("bob", 3, 100, 1);
        assertThat(tiny.entries()).extracting(InboxEntry::seq).containsExactly(4L);
        assertThat(tiny.more()).isTrue();
        InboxPage rest = dao.entriesAfter("bob", 4, 100, 1_000_000);
        assertThat(rest.entries()).extracting(InboxEntry::seq).containsExactly(5L, 6L);
        assertThat(rest.more()).isFalse();
    }

    @Test
    void backlogMixesMessagesAndReceiptsInTheOrderTheyWereQueued() {
        long fromBob = accept("bob", "b1", "alice", 1000).messageId();
        long toBob = accept("alice", "a1", "bob", 1100).messageId();
        ack("bob", 1200, toBob);
        long fromCarol = accept("carol", "c1", "alice", 1300).messageId();
        assertThat(inbox("alice")).extracting(InboxEntry::kind, InboxEntry::messageId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(InboxEntry.Kind.MESSAGE, fromBob),
                org.assertj.core.groups.Tuple.tuple(InboxEntry.Kind.DELIVERED, toBob),
                org.assertj.core.groups.Tuple.tuple(InboxEntry.Kind.MESSAGE, fromCarol));
    }

    @Test
    void countAndOldestOfAnEmptyStoreAreZeroAndEmpty() {
        assertThat(dao.countUndelivered()).isZero();
        assertThat(dao.oldestUndelivered()).isEmpty();
    }

    @Test
    void countAndOldestSeeStoredMessagesButNotReceipts() {
        long first = accept("alice", "a1", "bob", 1000).messageId();
        accept("alice", "a2", "bob", 2000);
        accept("carol", "c1", "bob", 3000);
        assertThat(dao.countUndelivered()).isEqualTo(3);
        assertThat(dao.oldestUndelivered()).hasValue(1000);
        ack("bob", 4000, first);
        assertThat(dao.countUndelivered()).as("the delivered receipt is not counted").isEqualTo(2);
        assertThat(dao.oldestUndelivered()).hasValue(2000);
        dao.expire(10_000, 10_000, 100);
        assertThat(dao.countUndelivered()).isZero();
        assertThat(dao.oldestUndelivered()).as("only receipts are left").isEmpty();
    }

    @Test
    void messageIdsIncreaseInAcceptOrder() {
        List<Long> ids = IntStream.range(0, 20).mapToObj(i -> accept("alice", "m" + i, "bob", 1000).messageId()).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }
}
