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

/** SQL that runs unchanged on SQLite (3.35+) and PostgreSQL: ON CONFLICT and RETURNING. */
final class JdbiMessageDao implements MessageDao {
    private static final String ENTRY_COLUMNS = "id, recipient, kind, message_id, peer, client_id, body, created_at";

    private final Jdbi jdbi;

    JdbiMessageDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<WriteResult> write(List<Write> writes) {
        return jdbi.inTransaction(h -> {
            List<WriteResult> results = new ArrayList<>(writes.size());
            for (Write write : writes) {
                results.add(switch (write) {
                    case Write.Accept accept -> accept(h, accept);
                    case Write.Acknowledge ack -> acknowledge(h, ack);
                });
            }
            return results;
        });
    }

    private static WriteResult.Accepted accept(Handle h, Write.Accept a) {
        Optional<Long> inserted = h.createQuery("""
                        INSERT INTO sends (sender, client_id, recipient, created_at, relayed)
                        VALUES (:sender, :client, :to, :now, :relayed)
                        ON CONFLICT (sender, client_id) DO NOTHING RETURNING id""")
                .bind("sender", a.sender()).bind("client", a.clientId()).bind("to", a.recipient()).bind("now", a.now())
                .bind("relayed", a.deliver())
                .mapTo(Long.class)
                .findOne();
        if (inserted.isEmpty()) {
            SentMessage earlier = h.createQuery(
                            "SELECT id, sender, recipient, created_at, relayed FROM sends WHERE sender = :sender AND client_id = :client")
                    .bind("sender", a.sender()).bind("client", a.clientId())
                    .map(JdbiMessageDao::sent)
                    .one();
            return new WriteResult.Accepted(earlier.messageId(), earlier.createdAt(), true, null);
        }
        long messageId = inserted.get();
        if (!a.deliver()) {
            return new WriteResult.Accepted(messageId, a.now(), false, null);
        }
        InboxEntry entry = insertEntry(h, a.recipient(), InboxEntry.Kind.MESSAGE, messageId, a.sender(), a.clientId(),
                a.body(), a.now());
        return new WriteResult.Accepted(messageId, a.now(), false, entry);
    }

    private static WriteResult.Acknowledged acknowledge(Handle h, Write.Acknowledge ack) {
        List<InboxEntry> deleted = h.createQuery("DELETE FROM inbox WHERE recipient = :recipient "
                        + "AND message_id IN (<ids>) RETURNING " + ENTRY_COLUMNS)
                .bind("recipient", ack.recipient())
                .bindList("ids", ack.messageIds())
                .map(JdbiMessageDao::entry)
                .list();
        List<InboxEntry> acked = new ArrayList<>();
        List<InboxEntry> receipts = new ArrayList<>();
        for (InboxEntry row : deleted) {
            if (row.kind() == InboxEntry.Kind.MESSAGE) {
                acked.add(row);
                receipts.add(insertEntry(h, row.peer(), InboxEntry.Kind.DELIVERED, row.messageId(), ack.recipient(),
                        row.clientId(), null, ack.now()));
            }
        }
        return new WriteResult.Acknowledged(acked, receipts);
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
