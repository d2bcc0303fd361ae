package barter.chat.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * PostgreSQL's batch: a few statements per batch whatever its size, each taking its rows as arrays
 * ({@code unnest}). Row by row, every row operation was a network round trip from the single writer thread and a
 * statement execution in PostgreSQL, which capped the store at ~3,800 messages/s on two cores (docs/benchmarks.md).
 *
 * <p>Order: all sends are inserted, then all acked rows deleted, then every new inbox row (messages and delivered
 * receipts) inserted in the order of the writes, so delivery order matches the sequential order. An ack never meets
 * a message accepted in the same batch: its id was not known to any client before the batch committed.
 */
final class ArrayWrites implements BatchWrites {
    private static final String INSERT_SENDS = """
            INSERT INTO sends (sender, client_id, recipient, created_at, relayed, commitment, franking_tag)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::boolean[], ?::text[], ?::text[])
            ON CONFLICT (sender, client_id) DO NOTHING
            RETURNING id, sender, client_id""";
    private static final String FIND_SEND = "SELECT id, created_at FROM sends WHERE sender = ? AND client_id = ?";
    private static final String DELETE_ACKED = """
            DELETE FROM inbox d USING unnest(?::text[], ?::bigint[]) AS a(recipient, message_id)
            WHERE d.recipient = a.recipient AND d.message_id = a.message_id
            RETURNING d.id, d.seq, d.recipient, d.kind, d.message_id, d.peer, d.client_id, NULL, d.created_at, NULL,
                      d.body_bytes""";
    private static final String READ_USAGE = "SELECT recipient, entries, bytes FROM inbox_heads WHERE recipient = ANY(?)";
    private static final String UPDATE_HEADS = """
            INSERT INTO inbox_heads (recipient, seq, entries, bytes)
            SELECT r, n, e, b FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) AS h(r, n, e, b) ORDER BY r
            ON CONFLICT (recipient) DO UPDATE SET seq = inbox_heads.seq + EXCLUDED.seq,
                entries = inbox_heads.entries + EXCLUDED.entries, bytes = inbox_heads.bytes + EXCLUDED.bytes
            RETURNING recipient, seq""";
    private static final String INSERT_ENTRIES = """
            INSERT INTO inbox (recipient, seq, kind, message_id, peer, client_id, body, created_at, body_bytes,
                               commitment)
            SELECT * FROM unnest(?::text[], ?::bigint[], ?::int[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                                 ?::bigint[], ?::int[], ?::text[])
            RETURNING id, recipient, seq""";

    private final InboxQuota quota;

    ArrayWrites(InboxQuota quota) {
        this.quota = quota;
    }

    /** The key of a row in one batch: a send by (sender, client id), an inbox row by (recipient, kind, message). */
    private record Key(String owner, String name, long id) {
    }

    @Override
    public List<WriteResult> write(Connection connection, List<Write> writes) throws SQLException {
        Map<Write.Accept, InboxQuota.Usage> refused = overQuota(connection, writes);
        Map<Key, Long> inserted = insertSends(connection, writes, refused.keySet());
        HeadChanges heads = new HeadChanges();
        Map<Key, ArrayDeque<InboxEntry>> deleted = deleteAcked(connection, writes, heads);
        // entries get their ids and sequence numbers last, in one insert; until then they carry 0
        List<InboxEntry> newEntries = new ArrayList<>();
        List<WriteResult> pending = new ArrayList<>(writes.size());
        Map<Key, WriteResult.Accepted> firstOfBatch = new HashMap<>();
        for (Write write : writes) {
            switch (write) {
                case Write.Accept a when refused.containsKey(a) -> pending.add(refuse(connection, a, refused.get(a)));
                case Write.Accept a -> pending.add(accept(connection, a, inserted, firstOfBatch, newEntries));
                case Write.Acknowledge ack -> pending.add(acknowledge(ack, deleted, newEntries));
                case Write.Expire expire -> pending.add(expire(connection, expire, newEntries, heads));
            }
        }
        Map<InboxEntry, InboxEntry> stored = new IdentityHashMap<>();
        List<InboxEntry> insertedEntries = insert(connection, newEntries, heads);
        for (int i = 0; i < newEntries.size(); i++) {
            stored.put(newEntries.get(i), insertedEntries.get(i));
        }
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (WriteResult each : pending) {
            results.add(switch (each) {
                case WriteResult.Accepted a when a.stored() != null ->
                        new WriteResult.Accepted(a.messageId(), a.ts(), false, stored.get(a.stored()));
                case WriteResult.Accepted a -> a;
                case WriteResult.RecipientFull full -> full;
                case WriteResult.Acknowledged ack -> new WriteResult.Acknowledged(ack.acked(),
                        ack.receipts().stream().map(stored::get).toList());
                case WriteResult.Expired e -> new WriteResult.Expired(new Expiry(e.expiry().messagesExpired(),
                        e.expiry().receiptsDropped(), e.expiry().sendsDropped(),
                        e.expiry().receipts().stream().map(stored::get).toList()));
            });
        }
        return results;
    }

    /**
     * The sends whose recipient's inbox is full, with what it holds: read from the heads before the batch and counted
     * forward through the batch's own sends. Another node's batch may add to the same inbox meanwhile, so an inbox
     * can pass its quota by what the nodes' concurrent batches hold (docs/protocol.md, "Quota").
     */
    private Map<Write.Accept, InboxQuota.Usage> overQuota(Connection connection, List<Write> writes)
            throws SQLException {
        List<Write.Accept> delivered = accepts(writes).stream().filter(Write.Accept::deliver).toList();
        Map<Write.Accept, InboxQuota.Usage> refused = new IdentityHashMap<>();
        if (delivered.isEmpty()) {
            return refused;
        }
        Map<String, InboxQuota.Usage> usage = new HashMap<>();
        try (PreparedStatement read = connection.prepareStatement(READ_USAGE)) {
            read.setArray(1, text(connection, delivered.stream().map(Write.Accept::recipient).distinct()));
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    usage.put(rs.getString(1), new InboxQuota.Usage(rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        Map<Key, InboxQuota.Usage> refusedSends = new HashMap<>();
        Set<Key> seen = new HashSet<>();
        for (Write.Accept a : delivered) {
            Key send = new Key(a.sender(), a.clientId(), 0);
            InboxQuota.Usage now = usage.getOrDefault(a.recipient(), InboxQuota.Usage.EMPTY);
            if (!seen.add(send)) {
                // a repeat within the batch shares its first's fate
                if (refusedSends.containsKey(send)) {
                    refused.put(a, refusedSends.get(send));
                }
            } else if (quota.admits(now, a.body().length())) {
                usage.put(a.recipient(), now.plus(1, a.body().length()));
            } else {
                refused.put(a, now);
                refusedSends.put(send, now);
            }
        }
        return refused;
    }

    /** A send to a full inbox, unless it repeats a send accepted before the inbox filled: rare, one query each. */
    private static WriteResult refuse(Connection connection, Write.Accept a, InboxQuota.Usage usage)
            throws SQLException {
        WriteResult.Accepted earlier = earlierOrNull(connection, a);
        return earlier != null ? earlier : new WriteResult.RecipientFull(a.recipient(), usage);
    }

    private static List<Write.Accept> accepts(List<Write> writes) {
        return writes.stream().filter(Write.Accept.class::isInstance).map(Write.Accept.class::cast).toList();
    }

    private static Map<Key, Long> insertSends(Connection connection, List<Write> writes, Set<Write.Accept> refused)
            throws SQLException {
        List<Write.Accept> accepts = accepts(writes).stream().filter(a -> !refused.contains(a)).toList();
        Map<Key, Long> ids = new HashMap<>();
        if (accepts.isEmpty()) {
            return ids;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SENDS)) {
            insert.setArray(1, text(connection, accepts.stream().map(Write.Accept::sender)));
            insert.setArray(2, text(connection, accepts.stream().map(Write.Accept::clientId)));
            insert.setArray(3, text(connection, accepts.stream().map(Write.Accept::recipient)));
            insert.setArray(4, connection.createArrayOf("int8", accepts.stream().map(Write.Accept::now).toArray()));
            insert.setArray(5, connection.createArrayOf("bool", accepts.stream().map(Write.Accept::deliver).toArray()));
            insert.setArray(6, text(connection, accepts.stream().map(Write.Accept::commitment)));
            insert.setArray(7, text(connection, accepts.stream().map(Write.Accept::frankingTag)));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids.put(new Key(rs.getString(2), rs.getString(3), 0), rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The deleted rows of every ack in the batch, by (recipient, kind, message id). */
    private static Map<Key, ArrayDeque<InboxEntry>> deleteAcked(Connection connection, List<Write> writes,
                                                                HeadChanges heads) throws SQLException {
        Set<Key> pairs = new LinkedHashSet<>();
        for (Write write : writes) {
            if (write instanceof Write.Acknowledge ack) {
                ack.messageIds().forEach(id -> pairs.add(new Key(ack.recipient(), null, id)));
            }
        }
        Map<Key, ArrayDeque<InboxEntry>> deleted = new HashMap<>();
        if (pairs.isEmpty()) {
            return deleted;
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_ACKED)) {
            delete.setArray(1, text(connection, pairs.stream().map(Key::owner)));
            delete.setArray(2, connection.createArrayOf("int8", pairs.stream().map(Key::id).toArray()));
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    InboxEntry row = JdbiMessageDao.entry(rs, null);
                    heads.removed(row.recipient(), rs.getLong(11));
                    deleted.computeIfAbsent(new Key(row.recipient(), null, row.messageId()), k -> new ArrayDeque<>())
                            .add(row);
                }
            }
        }
        return deleted;
    }

    /** The answer to one send; its inbox entry (if any) is added to {@code newEntries}, its id still unknown. */
    private static WriteResult.Accepted accept(Connection connection, Write.Accept a, Map<Key, Long> inserted,
                                               Map<Key, WriteResult.Accepted> firstOfBatch,
                                               List<InboxEntry> newEntries) throws SQLException {
        Key key = new Key(a.sender(), a.clientId(), 0);
        WriteResult.Accepted first = firstOfBatch.get(key);
        if (first != null) {
            return new WriteResult.Accepted(first.messageId(), first.ts(), true, null);
        }
        Long messageId = inserted.get(key);
        if (messageId == null) {
            return earlier(connection, a);
        }
        InboxEntry entry = null;
        if (a.deliver()) {
            entry = new InboxEntry(0, 0, a.recipient(), InboxEntry.Kind.MESSAGE, messageId, a.sender(), a.clientId(),
                    a.body(), a.now(), a.commitment());
            newEntries.add(entry);
        }
        WriteResult.Accepted accepted = new WriteResult.Accepted(messageId, a.now(), false, entry);
        firstOfBatch.put(key, accepted);
        return accepted;
    }

    /** A repeated send from an earlier batch: rare, so one query each. */
    private static WriteResult.Accepted earlier(Connection connection, Write.Accept a) throws SQLException {
        WriteResult.Accepted earlier = earlierOrNull(connection, a);
        if (earlier == null) {
            throw new SQLException("send (" + a.sender() + ", " + a.clientId() + ") conflicted but is not there");
        }
        return earlier;
    }

    private static WriteResult.Accepted earlierOrNull(Connection connection, Write.Accept a) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(FIND_SEND)) {
            find.setString(1, a.sender());
            find.setString(2, a.clientId());
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? new WriteResult.Accepted(rs.getLong(1), rs.getLong(2), true, null) : null;
            }
        }
    }

    /** Rare (the cleanup task's chunks), so its statements run where it stands in the batch. */
    private static WriteResult.Expired expire(Connection connection, Write.Expire expire, List<InboxEntry> newEntries,
                                              HeadChanges heads) throws SQLException {
        Expiring.Removed removed = Expiring.remove(connection, expire, heads);
        newEntries.addAll(removed.receipts());
        return new WriteResult.Expired(new Expiry(removed.receipts().size(), removed.receiptsDropped(),
                removed.sendsDropped(), removed.receipts()));
    }

    /** Takes this ack's rows from the batch's deleted rows; a row listed by two acks goes to the first. */
    private static WriteResult.Acknowledged acknowledge(Write.Acknowledge ack, Map<Key, ArrayDeque<InboxEntry>> deleted,
                                                        List<InboxEntry> newEntries) {
        List<InboxEntry> acked = new ArrayList<>();
        List<InboxEntry> receipts = new ArrayList<>();
        for (long id : ack.messageIds()) {
            ArrayDeque<InboxEntry> rows = deleted.get(new Key(ack.recipient(), null, id));
            for (InboxEntry row = rows == null ? null : rows.poll(); row != null; row = rows.poll()) {
                if (row.kind() == InboxEntry.Kind.MESSAGE) {
                    acked.add(row);
                    InboxEntry receipt = new InboxEntry(0, 0, row.peer(), InboxEntry.Kind.DELIVERED, row.messageId(),
                            ack.recipient(), row.clientId(), null, ack.now());
                    receipts.add(receipt);
                    newEntries.add(receipt);
                }
            }
        }
        return new WriteResult.Acknowledged(acked, receipts);
    }

    /**
     * Claims each recipient's next sequence numbers and moves every touched inbox's counts (one upsert for the batch,
     * recipients in sorted order so that two nodes' batches lock head rows in the same order and cannot deadlock on
     * them), then inserts the entries. Returns the stored entries in the order given.
     */
    private static List<InboxEntry> insert(Connection connection, List<InboxEntry> entries, HeadChanges heads)
            throws SQLException {
        entries.forEach(e -> heads.added(e.recipient(), e.bodyBytes()));
        Map<String, Long> next = updateHeads(connection, heads);
        if (entries.isEmpty()) {
            return List.of();
        }
        List<InboxEntry> sequenced = new ArrayList<>(entries.size());
        for (InboxEntry entry : entries) {
            long seq = next.merge(entry.recipient(), 1L, Long::sum) - 1;
            sequenced.add(entry.stored(0, seq));
        }
        Map<Key, Long> ids = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRIES)) {
            insert.setArray(1, text(connection, sequenced.stream().map(InboxEntry::recipient)));
            insert.setArray(2, connection.createArrayOf("int8", sequenced.stream().map(InboxEntry::seq).toArray()));
            insert.setArray(3, connection.createArrayOf("int4", sequenced.stream().map(e -> e.kind().code()).toArray()));
            insert.setArray(4, connection.createArrayOf("int8", sequenced.stream().map(InboxEntry::messageId).toArray()));
            insert.setArray(5, text(connection, sequenced.stream().map(InboxEntry::peer)));
            insert.setArray(6, text(connection, sequenced.stream().map(InboxEntry::clientId)));
            insert.setArray(7, text(connection, sequenced.stream().map(InboxEntry::body)));
            insert.setArray(8, connection.createArrayOf("int8", sequenced.stream().map(InboxEntry::createdAt).toArray()));
            insert.setArray(9, connection.createArrayOf("int4", sequenced.stream().map(InboxEntry::bodyBytes).toArray()));
            insert.setArray(10, text(connection, sequenced.stream().map(InboxEntry::commitment)));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids.put(new Key(rs.getString(2), null, rs.getLong(3)), rs.getLong(1));
                }
            }
        }
        List<InboxEntry> stored = new ArrayList<>(sequenced.size());
        for (InboxEntry entry : sequenced) {
            Long id = ids.get(new Key(entry.recipient(), null, entry.seq()));
            if (id == null) {
                throw new SQLException("inbox row " + entry.recipient() + "#" + entry.seq() + " was not returned");
            }
            stored.add(entry.stored(id, entry.seq()));
        }
        return stored;
    }

    /** Applies the batch's head changes; returns the first sequence number this batch may use, per recipient. */
    private static Map<String, Long> updateHeads(Connection connection, HeadChanges heads) throws SQLException {
        Map<String, Long> first = new HashMap<>();
        if (heads.isEmpty()) {
            return first;
        }
        Map<String, HeadChanges.Change> changes = heads.sorted();
        try (PreparedStatement update = connection.prepareStatement(UPDATE_HEADS)) {
            update.setArray(1, text(connection, changes.keySet().stream()));
            update.setArray(2, connection.createArrayOf("int8", changes.values().stream().map(c -> c.added).toArray()));
            update.setArray(3, connection.createArrayOf("int8", changes.values().stream().map(c -> c.entries).toArray()));
            update.setArray(4, connection.createArrayOf("int8", changes.values().stream().map(c -> c.bytes).toArray()));
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    String recipient = rs.getString(1);
                    first.put(recipient, rs.getLong(2) - changes.get(recipient).added + 1);
                }
            }
        }
        if (first.size() != changes.size()) {
            throw new SQLException("updated the heads of " + first.size() + " of " + changes.size() + " recipients");
        }
        return first;
    }

    private static Array text(Connection connection, Stream<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
