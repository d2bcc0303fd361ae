package barter.chat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * SQLite's batch: one statement execution per row, each statement prepared once per batch and reused. SQLite runs
 * in-process, so a statement costs no round trip; preparing each row's SQL anew (JDBI's default) cost more than
 * running it (measured with JFR; see docs/benchmarks.md).
 */
final class RowByRowWrites implements BatchWrites {
    /** An acked row's body is not needed: reading it back would copy every message's ciphertext once more. */
    private static final String ACKED_COLUMNS = "id, seq, recipient, kind, message_id, peer, client_id, NULL, created_at, "
            + "NULL, body_bytes";

    private final InboxQuota quota;

    RowByRowWrites(InboxQuota quota) {
        this.quota = quota;
    }

    @Override
    public List<WriteResult> write(Connection connection, List<Write> writes) throws SQLException {
        try (BatchStatements st = new BatchStatements(connection)) {
            List<WriteResult> results = new ArrayList<>(writes.size());
            for (Write write : writes) {
                results.add(switch (write) {
                    case Write.Accept accept -> accept(st, accept, quota);
                    case Write.Acknowledge ack -> acknowledge(st, ack);
                    case Write.Expire expire -> expire(st, expire);
                });
            }
            st.saveHeads();
            return results;
        }
    }

    /** The statements of one batch, prepared on first use and closed with the batch. */
    private static final class BatchStatements implements AutoCloseable, Expiring.Removals {
        private final Connection connection;
        private final List<PreparedStatement> open = new ArrayList<>();
        private PreparedStatement insertSend;
        private PreparedStatement findSend;
        private PreparedStatement readHead;
        /** Per recipient touched by the batch: {seq, entries, bytes} of its head row. */
        private final Map<String, long[]> heads = new HashMap<>();
        private PreparedStatement insertEntry;
        private final Map<Integer, PreparedStatement> deleteByWidth = new HashMap<>();

        BatchStatements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement insertSend() throws SQLException {
            if (insertSend == null) {
                insertSend = prepare("INSERT INTO sends (sender, client_id, recipient, created_at, relayed, commitment, "
                        + "franking_tag) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sender, client_id) DO NOTHING RETURNING id");
            }
            return insertSend;
        }

        PreparedStatement findSend() throws SQLException {
            if (findSend == null) {
                findSend = prepare("SELECT " + JdbiMessageDao.SENT_COLUMNS + " FROM sends WHERE sender = ? AND client_id = ?");
            }
            return findSend;
        }

        /**
         * The recipient's head: {next seq to claim - 1, entries, bytes}. A batch reads each recipient's head once and
         * writes it back once ({@link #saveHeads}), not once per entry: SQLite has one writer at a time, so nothing
         * else moves a head during the transaction, and a failed batch rolls the heads back with everything else.
         */
        long[] head(String recipient) throws SQLException {
            long[] head = heads.get(recipient);
            if (head == null) {
                if (readHead == null) {
                    readHead = prepare("SELECT seq, entries, bytes FROM inbox_heads WHERE recipient = ?");
                }
                readHead.setString(1, recipient);
                try (ResultSet rs = readHead.executeQuery()) {
                    head = rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : new long[3];
                }
                heads.put(recipient, head);
            }
            return head;
        }

        /** Claims the recipient's next sequence number for an entry of {@code bodyBytes}. */
        long nextSeq(String recipient, long bodyBytes) throws SQLException {
            long[] head = head(recipient);
            head[1]++;
            head[2] += bodyBytes;
            return ++head[0];
        }

        @Override
        public void removed(String recipient, long bodyBytes) throws SQLException {
            long[] head = head(recipient);
            head[1]--;
            head[2] -= bodyBytes;
        }

        void saveHeads() throws SQLException {
            if (heads.isEmpty()) {
                return;
            }
            PreparedStatement save = prepare("INSERT INTO inbox_heads (recipient, seq, entries, bytes) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (recipient) DO UPDATE SET seq = excluded.seq, entries = excluded.entries, "
                    + "bytes = excluded.bytes");
            for (Map.Entry<String, long[]> head : heads.entrySet()) {
                save.setString(1, head.getKey());
                save.setLong(2, head.getValue()[0]);
                save.setLong(3, head.getValue()[1]);
                save.setLong(4, head.getValue()[2]);
                save.executeUpdate();
            }
        }

        PreparedStatement insertEntry() throws SQLException {
            if (insertEntry == null) {
                insertEntry = prepare("INSERT INTO inbox (recipient, seq, kind, message_id, peer, client_id, body, "
                        + "created_at, body_bytes, commitment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
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
            PreparedStatement delete = deleteByWidth.get(width);
            if (delete == null) {
                delete = prepare("DELETE FROM inbox WHERE recipient = ? AND message_id IN ("
                        + "?,".repeat(width - 1) + "?) RETURNING " + ACKED_COLUMNS);
                deleteByWidth.put(width, delete);
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

    private static WriteResult accept(BatchStatements st, Write.Accept a, InboxQuota quota) throws SQLException {
        if (a.deliver()) {
            long[] head = st.head(a.recipient());
            InboxQuota.Usage usage = new InboxQuota.Usage(head[1], head[2]);
            if (!quota.admits(usage, a.body().length())) {
                // unless it repeats a send accepted before the inbox filled
                WriteResult.Accepted earlier = earlier(st, a);
                return earlier != null ? earlier : new WriteResult.RecipientFull(a.recipient(), usage);
            }
        }
        PreparedStatement insert = st.insertSend();
        insert.setString(1, a.sender());
        insert.setString(2, a.clientId());
        insert.setString(3, a.recipient());
        insert.setLong(4, a.now());
        insert.setBoolean(5, a.deliver());
        insert.setString(6, a.commitment());
        insert.setString(7, a.frankingTag());
        OptionalLong inserted = firstLong(insert);
        if (inserted.isEmpty()) {
            WriteResult.Accepted earlier = earlier(st, a);
            if (earlier == null) {
                throw new SQLException("send (" + a.sender() + ", " + a.clientId() + ") conflicted but is not there");
            }
            return earlier;
        }
        long messageId = inserted.getAsLong();
        if (!a.deliver()) {
            return new WriteResult.Accepted(messageId, a.now(), false, null);
        }
        InboxEntry entry = insertEntry(st, new InboxEntry(0, 0, a.recipient(), InboxEntry.Kind.MESSAGE, messageId,
                a.sender(), a.clientId(), a.body(), a.now(), a.commitment()));
        return new WriteResult.Accepted(messageId, a.now(), false, entry);
    }

    /** The answer already given to this send's (sender, client id), or null when there is none. */
    private static WriteResult.Accepted earlier(BatchStatements st, Write.Accept a) throws SQLException {
        PreparedStatement find = st.findSend();
        find.setString(1, a.sender());
        find.setString(2, a.clientId());
        try (ResultSet rs = find.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            SentMessage earlier = JdbiMessageDao.sent(rs, null);
            return new WriteResult.Accepted(earlier.messageId(), earlier.createdAt(), true, null);
        }
    }

    private static WriteResult.Expired expire(BatchStatements st, Write.Expire expire) throws SQLException {
        Expiring.Removed removed = Expiring.remove(st.connection, expire, st);
        List<InboxEntry> receipts = new ArrayList<>(removed.receipts().size());
        for (InboxEntry receipt : removed.receipts()) {
            receipts.add(insertEntry(st, receipt));
        }
        return new WriteResult.Expired(new Expiry(receipts.size(), removed.receiptsDropped(), removed.sendsDropped(),
                receipts));
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
                InboxEntry row = JdbiMessageDao.entry(rs, null);
                st.removed(row.recipient(), rs.getLong(11));
                deleted.add(row);
            }
        }
        List<InboxEntry> acked = new ArrayList<>();
        List<InboxEntry> receipts = new ArrayList<>();
        for (InboxEntry row : deleted) {
            if (row.kind() == InboxEntry.Kind.MESSAGE) {
                acked.add(row);
                receipts.add(insertEntry(st, new InboxEntry(0, 0, row.peer(), InboxEntry.Kind.DELIVERED,
                        row.messageId(), ack.recipient(), row.clientId(), null, ack.now())));
            }
        }
        return new WriteResult.Acknowledged(acked, receipts);
    }

    private static InboxEntry insertEntry(BatchStatements st, InboxEntry entry) throws SQLException {
        long seq = st.nextSeq(entry.recipient(), entry.bodyBytes());
        PreparedStatement insert = st.insertEntry();
        insert.setString(1, entry.recipient());
        insert.setLong(2, seq);
        insert.setInt(3, entry.kind().code());
        insert.setLong(4, entry.messageId());
        insert.setString(5, entry.peer());
        insert.setString(6, entry.clientId());
        insert.setString(7, entry.body());
        insert.setLong(8, entry.createdAt());
        insert.setInt(9, entry.bodyBytes());
        insert.setString(10, entry.commitment());
        long id = firstLong(insert).orElseThrow(() -> new SQLException("INSERT INTO inbox returned no id"));
        return entry.stored(id, seq);
    }

    /** Runs an INSERT … RETURNING id; empty when it inserted nothing (ON CONFLICT DO NOTHING). */
    private static OptionalLong firstLong(PreparedStatement statement) throws SQLException {
        statement.execute();
        try (ResultSet rs = statement.getResultSet()) {
            return rs != null && rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }
}
