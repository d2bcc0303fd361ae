package barter.chat.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code sends} and {@code inbox} tables: the durable message queue. Thread-safe. Every method is one
 * transaction; what it returns is durable (committed) when it returns.
 */
public interface MessageDao {

    /** Applies all writes in one transaction and returns one result per write, in order. */
    List<WriteResult> write(List<Write> writes);

    /**
     * Inbox entries of {@code recipient} after sequence number {@code afterSeq}, in order: at most {@code limit}, and
     * no more than the first whose bodies reach {@code maxBytes} (at least one, if any).
     */
    InboxPage entriesAfter(String recipient, long afterSeq, int limit, long maxBytes);

    /** One {@link Write.Expire} on its own (tests and tools; the server sends it through its single writer). */
    default Expiry expire(long cutoff, long now, int limit) {
        return ((WriteResult.Expired) write(List.of(new Write.Expire(cutoff, now, limit))).get(0)).expiry();
    }

    /** Stored messages not yet acknowledged (receipts excluded). */
    long countUndelivered();

    /** Accept time (epoch ms) of the oldest stored message, if any. */
    OptionalLong oldestUndelivered();

    Optional<SentMessage> findSent(long messageId);

    /** The store's messages, sends to a recipient refused past {@code quota} ({@link WriteResult.RecipientFull}). */
    static MessageDao jdbi(Database database, InboxQuota quota) {
        return new JdbiMessageDao(database.jdbi(),
                database.isPostgres() ? new ArrayWrites(quota) : new RowByRowWrites(quota));
    }

    /** Without a quota (tests and tools). */
    static MessageDao jdbi(Database database) {
        return jdbi(database, InboxQuota.UNLIMITED);
    }
}
