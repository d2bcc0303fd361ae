package barter.chat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

/** SQL that runs unchanged on SQLite (3.35+) and PostgreSQL: ON CONFLICT and RETURNING. */
final class JdbiMessageDao implements MessageDao {
    private static final String ENTRY_COLUMNS = "id, recipient, kind, message_id, peer, client_id, body, created_at";
    /** An acked row's body is not needed: reading it back would copy every message's ciphertext once more. */
    private static final String ACKED_COLUMNS = "id, recipient, kind, message_id, peer, client_id, NULL, created_at";

    private final Jdbi jdbi;

    JdbiMessageDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * One transaction for the whole batch, in plain JDBC with each statement prepared once per batch and reused for
     * every row. The group-commit writer is the single thread all messages pass through, so its cost per row is the
     * server's throughput: preparing each row's SQL anew (JDBI's default) cost more than running it (measured with
     * JFR; see docs/benchmarks.md).
     */
    @Override
    public List<WriteResult> write(List<Write> writes) {
        try {
            return jdbi.<List<WriteResult>, SQLException>inTransaction(h -> writeBatch(h, writes));
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static List<WriteResult> writeBatch(Handle h, List<Write> writes) throws SQLException {
        try (BatchStatements st = new BatchStatements(h.getConnection())) {
            List<WriteResult> results = new ArrayList<>(writes.size());
            for (Write write : writes) {
                results.add(switch (write) {
                    case Write.Accept accept -> accept(st, accept);
                    case Write.Acknowledge ack -> acknowledge(st, ack);
                });
            }
            return results;
        }
    }

    /** The statements of one batch, prepared on first use and closed with the batch. */
    private static final class BatchStatements implements AutoCloseable {
        private final Connection connection;
        private final List<PreparedStatement> open = new ArrayList<>();
        private PreparedStatement insertSend;
        private PreparedStatement findSend;
        private PreparedStatement insertEntry;
        private final java.util.Map<Integer, PreparedStatement> deleteByAckSize = new java.util.HashMap<>();

        BatchStatements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement insertSend() throws SQLException {
            if (insertSend == null) {
                insertSend = prepare("INSERT INTO sends (sender, client_id, recipient, created_at, relayed) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (sender, client_id) DO NOTHING RETURNING id");
            }
            return insertSend;
        }

        PreparedStatement findSend() throws SQLException {
            if (findSend == null) {
                findSend = prepare("SELECT id, sender, recipient, created_at, relayed FROM sends WHERE sender = ? AND client_id = ?");
            }
            return findSend;
        }

        PreparedStatement insertEntry() throws SQLException {
            if (insertEntry == null) {
                insertEntry = prepare("INSERT INTO inbox (recipient, kind, message_id, peer, client_id, body, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
            }
            return insertEntry;
        }

        /**
         * An ack's DELETE has one IN placeholder per id. Preparing it for each ack was a fifth of the writer's time
         * at low load, so it is prepared once per batch for each power-of-two width, and an ack fills the spare
         * placeholders by repeating its last id: a batch needs at most a few widths however varied its acks.
         */
        PreparedStatement deleteAcked(int ids) throws SQLException {
            int width = placeholders(ids);
            PreparedStatement delete = deleteByAckSize.get(width);
            if (delete == null) {
                delete = prepare("DELETE FROM inbox WHERE recipient = ? AND message_id IN ("
                        + "?,".repeat(width - 1) + "?) RETURNING " + ACKED_COLUMNS);
                deleteByAckSize.put(width, delete);
            }
            return delete;
        }

        static int placeholders(int ids) {
            return ids <= 1 ? 1 : Integer.highestOneBit(ids - 1) << 1;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            open.add(statement);
            return statement;
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement statement : open) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private static WriteResult.Accepted accept(BatchStatements st, Write.Accept a) throws SQLException {
        PreparedStatement insert = st.insertSend();
        insert.setString(1, a.sender());
        insert.setString(2, a.clientId());
        insert.setString(3, a.recipient());
        insert.setLong(4, a.now());
        insert.setBoolean(5, a.deliver());
        OptionalLong inserted = firstLong(insert);
        if (inserted.isEmpty()) {
            PreparedStatement find = st.findSend();
            find.setString(1, a.sender());
            find.setString(2, a.clientId());
            SentMessage earlier;
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("send (" + a.sender() + ", " + a.clientId() + ") conflicted but is not there");
                }
                earlier = sent(rs, null);
            }
            return new WriteResult.Accepted(earlier.messageId(), earlier.createdAt(), true, null);
        }
        long messageId = inserted.getAsLong();
        if (!a.deliver()) {
            return new WriteResult.Accepted(messageId, a.now(), false, null);
        }
        InboxEntry entry = insertEntry(st, a.recipient(), InboxEntry.Kind.MESSAGE, messageId, a.sender(),
                a.clientId(), a.body(), a.now());
        return new WriteResult.Accepted(messageId, a.now(), false, entry);
    }

    private static WriteResult.Acknowledged acknowledge(BatchStatements st, Write.Acknowledge ack) throws SQLException {
        List<Long> ids = ack.messageIds();
        PreparedStatement delete = st.deleteAcked(ids.size());
        delete.setString(1, ack.recipient());
        int width = BatchStatements.placeholders(ids.size());
        for (int i = 0; i < width; i++) {
            delete.setLong(i + 2, ids.get(Math.min(i, ids.size() - 1)));
        }
        List<InboxEntry> deleted = new ArrayList<>();
        delete.execute();
        try (ResultSet rs = delete.getResultSet()) {
            while (rs != null && rs.next()) {
                deleted.add(entry(rs, null));
            }
        }
        List<InboxEntry> acked = new ArrayList<>();
        List<InboxEntry> receipts = new ArrayList<>();
        for (InboxEntry row : deleted) {
            if (row.kind() == InboxEntry.Kind.MESSAGE) {
                acked.add(row);
                receipts.add(insertEntry(st, row.peer(), InboxEntry.Kind.DELIVERED, row.messageId(), ack.recipient(),
                        row.clientId(), null, ack.now()));
            }
        }
        return new WriteResult.Acknowledged(acked, receipts);
    }

    private static InboxEntry insertEntry(BatchStatements st, String recipient, InboxEntry.Kind kind, long messageId,
                                          String peer, String clientId, String body, long createdAt)
            throws SQLException {
        PreparedStatement insert = st.insertEntry();
        insert.setString(1, recipient);
        insert.setInt(2, kind.code());
        insert.setLong(3, messageId);
        insert.setString(4, peer);
        insert.setString(5, clientId);
        insert.setString(6, body);
        insert.setLong(7, createdAt);
        long id = firstLong(insert).orElseThrow(() -> new SQLException("INSERT INTO inbox returned no id"));
        return new InboxEntry(id, recipient, kind, messageId, peer, clientId, body, createdAt);
    }

    /** Runs an INSERT … RETURNING id; empty when it inserted nothing (ON CONFLICT DO NOTHING). */
    private static OptionalLong firstLong(PreparedStatement statement) throws SQLException {
        statement.execute();
        try (ResultSet rs = statement.getResultSet()) {
            return rs != null && rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
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

    private static SentMessage sent(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SentMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5));
    }

    private static InboxEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new InboxEntry(rs.getLong(1), rs.getString(2), InboxEntry.Kind.of(rs.getInt(3)), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8));
    }
}
