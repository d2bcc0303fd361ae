package barter.chat.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads and expiry in SQL that runs unchanged on SQLite (3.35+) and PostgreSQL (ON CONFLICT, RETURNING); batches of
 * writes in the shape that suits the store ({@link BatchWrites}).
 */
final class JdbiMessageDao implements MessageDao {
    static final String ENTRY_COLUMNS = "id, seq, recipient, kind, message_id, peer, client_id, body, created_at";

    /**
     * A page of a recipient's inbox, cut short once the bodies add up to the byte budget (the first entry always
     * comes): so a page of 64 KiB messages does not hold 500 of them in memory at once. {@code fetched} is the page
     * size before the cut, which tells whether more may follow.
     */
    private static final String PAGE = "SELECT " + ENTRY_COLUMNS + ", fetched FROM ("
            + "SELECT " + ENTRY_COLUMNS + ", count(*) OVER () AS fetched, "
            + "sum(coalesce(length(body), 0)) OVER (ORDER BY seq) - coalesce(length(body), 0) AS before "
            + "FROM (SELECT " + ENTRY_COLUMNS + " FROM inbox WHERE recipient = :recipient AND seq > :after "
            + "ORDER BY seq LIMIT :limit) page) weighed WHERE before < :bytes ORDER BY seq";

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

    @Override
    public InboxPage entriesAfter(String recipient, long afterSeq, int limit, long maxBytes) {
        return jdbi.withHandle(h -> {
            List<InboxEntry> entries = new ArrayList<>();
            int[] fetched = {0};
            h.createQuery(PAGE).bind("recipient", recipient).bind("after", afterSeq).bind("limit", limit)
                    .bind("bytes", maxBytes)
                    .map((rs, ctx) -> {
                        fetched[0] = rs.getInt(10);
                        return entry(rs, ctx);
                    })
                    .forEach(entries::add);
            return new InboxPage(entries, fetched[0] == limit || entries.size() < fetched[0]);
        });
    }

    @Override
    public Expiry expire(long cutoff, long now, int limit) {
        return jdbi.inTransaction(h -> {
            List<InboxEntry> expired = h.createQuery("DELETE FROM inbox WHERE id IN (SELECT id FROM inbox "
                            + "WHERE kind = 0 AND created_at < :cutoff ORDER BY id LIMIT :limit) RETURNING "
                            + ENTRY_COLUMNS)
                    .bind("cutoff", cutoff).bind("limit", limit)
                    .map(JdbiMessageDao::entry)
                    .list();
            List<InboxEntry> receipts = new ArrayList<>(expired.size());
            for (InboxEntry row : expired) {
                receipts.add(new InboxEntry(0, 0, row.peer(), InboxEntry.Kind.EXPIRED, row.messageId(),
                        row.recipient(), row.clientId(), null, now));
            }
            List<InboxEntry> stored = insert(h, receipts);
            int dropped = h.createUpdate("DELETE FROM inbox WHERE kind <> 0 AND created_at < :cutoff")
                    .bind("cutoff", cutoff).execute();
            int sends = h.createUpdate("DELETE FROM sends WHERE created_at < :cutoff").bind("cutoff", cutoff).execute();
            return new Expiry(expired.size(), dropped, sends, stored);
        });
    }

    private List<InboxEntry> insert(Handle h, List<InboxEntry> entries) {
        try {
            return batchWrites.insert(h.getConnection(), entries);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
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
                        "SELECT id, sender, recipient, created_at, relayed FROM sends WHERE id = :id")
                .bind("id", messageId).map(JdbiMessageDao::sent).findOne());
    }

    static SentMessage sent(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SentMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5));
    }

    static InboxEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new InboxEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), InboxEntry.Kind.of(rs.getInt(4)),
                rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9));
    }
}
