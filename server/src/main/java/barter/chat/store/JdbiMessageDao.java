package barter.chat.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads and expiry in SQL that runs unchanged on SQLite (3.35+) and PostgreSQL (ON CONFLICT, RETURNING); batches of
 * writes in the shape that suits the store ({@link BatchWrites}).
 */
final class JdbiMessageDao implements MessageDao {
    static final String ENTRY_COLUMNS = "id, seq, recipient, kind, message_id, peer, client_id, body, created_at, "
            + "commitment";
    static final String SENT_COLUMNS = "id, sender, recipient, client_id, created_at, relayed, commitment, franking_tag";

    private final Jdbi jdbi;
    private final BatchWrites batchWrites;

    JdbiMessageDao(Jdbi jdbi, BatchWrites batchWrites) {
        this.jdbi = jdbi;
        this.batchWrites = batchWrites;
    }

    /** One transaction for the whole batch, written the way that suits the store (see {@link BatchWrites}). */
    @Override
    public List<WriteResult> write(List<Write> writes) {
        try {
            return jdbi.<List<WriteResult>, SQLException>inTransaction(h -> batchWrites.write(h.getConnection(), writes));
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * Two reads: the page's sequence numbers and body sizes from the index alone, cut at the byte budget (the first
     * entry always comes), then the entries up to the cut. One read of whole rows would pull every body of the page
     * through the store (500 of 87 KiB) to return a handful.
     */
    @Override
    public InboxPage entriesAfter(String recipient, long afterSeq, int limit, long maxBytes) {
        return jdbi.withHandle(h -> {
            List<long[]> sizes = h.createQuery("SELECT seq, body_bytes FROM inbox WHERE recipient = :recipient "
                            + "AND seq > :after ORDER BY seq LIMIT :limit")
                    .bind("recipient", recipient).bind("after", afterSeq).bind("limit", limit)
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .list();
            if (sizes.isEmpty()) {
                return new InboxPage(List.of(), false);
            }
            int taken = 0;
            long bytes = 0;
            while (taken < sizes.size() && (taken == 0 || bytes < maxBytes)) {
                bytes += sizes.get(taken)[1];
                taken++;
            }
            List<InboxEntry> entries = h.createQuery("SELECT " + ENTRY_COLUMNS + " FROM inbox "
                            + "WHERE recipient = :recipient AND seq > :after AND seq <= :last ORDER BY seq")
                    .bind("recipient", recipient).bind("after", afterSeq).bind("last", sizes.get(taken - 1)[0])
                    .map(JdbiMessageDao::entry)
                    .list();
            return new InboxPage(entries, sizes.size() == limit || taken < sizes.size());
        });
    }

    @Override
    public long countUndelivered() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM inbox WHERE kind = 0").mapTo(Long.class).one());
    }

    @Override
    public OptionalLong oldestUndelivered() {
        Optional<Long> oldest = jdbi.withHandle(h -> h.createQuery(
                        "SELECT min(created_at) FROM inbox WHERE kind = 0").mapTo(Long.class).findOne());
        return oldest.map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }

    @Override
    public Optional<SentMessage> findSent(long messageId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + SENT_COLUMNS + " FROM sends WHERE id = :id")
                .bind("id", messageId).map(JdbiMessageDao::sent).findOne());
    }

    static SentMessage sent(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SentMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getBoolean(6), rs.getString(7), rs.getString(8));
    }

    static InboxEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new InboxEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), InboxEntry.Kind.of(rs.getInt(4)),
                rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10));
    }
}
