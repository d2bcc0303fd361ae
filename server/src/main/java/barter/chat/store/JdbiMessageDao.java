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
    static final String ENTRY_COLUMNS = "id, recipient, kind, message_id, peer, client_id, body, created_at";

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

    private static InboxEntry insertEntry(Handle h, String recipient, InboxEntry.Kind kind, long messageId,
                                          String peer, String clientId, String body, long createdAt) {
        long id = h.createQuery("""
                        INSERT INTO inbox (recipient, kind, message_id, peer, client_id, body, created_at)
                        VALUES (:recipient, :kind, :message, :peer, :client, :body, :created) RETURNING id""")
                .bind("recipient", recipient).bind("kind", kind.code()).bind("message", messageId)
                .bind("peer", peer).bind("client", clientId).bind("body", body).bind("created", createdAt)
                .mapTo(Long.class)
                .one();
        return new InboxEntry(id, recipient, kind, messageId, peer, clientId, body, createdAt);
    }

    @Override
    public List<InboxEntry> backlog(String recipient, long afterEntryId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ENTRY_COLUMNS
                        + " FROM inbox WHERE recipient = :recipient AND id > :after ORDER BY id LIMIT :limit")
                .bind("recipient", recipient).bind("after", afterEntryId).bind("limit", limit)
                .map(JdbiMessageDao::entry)
                .list());
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
                receipts.add(insertEntry(h, row.peer(), InboxEntry.Kind.EXPIRED, row.messageId(), row.recipient(),
                        row.clientId(), null, now));
            }
            int dropped = h.createUpdate("DELETE FROM inbox WHERE kind <> 0 AND created_at < :cutoff")
                    .bind("cutoff", cutoff).execute();
            int sends = h.createUpdate("DELETE FROM sends WHERE created_at < :cutoff").bind("cutoff", cutoff).execute();
            return new Expiry(expired.size(), dropped, sends, receipts);
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
                        "SELECT id, sender, recipient, created_at, relayed FROM sends WHERE id = :id")
                .bind("id", messageId).map(JdbiMessageDao::sent).findOne());
    }

    static SentMessage sent(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SentMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5));
    }

    static InboxEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new InboxEntry(rs.getLong(1), rs.getString(2), InboxEntry.Kind.of(rs.getInt(3)), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8));
    }
}
