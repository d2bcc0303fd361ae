package barter.chat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The statements of an {@link Write.Expire}, the same on both stores; the caller inserts the receipts. */
final class Expiring {
    private static final String DELETE_EXPIRED = "DELETE FROM inbox WHERE id IN (SELECT id FROM inbox "
            + "WHERE kind = 0 AND created_at < ? ORDER BY id LIMIT ?) RETURNING " + JdbiMessageDao.ENTRY_COLUMNS
            + ", body_bytes";
    private static final String DELETE_OLD_RECEIPTS = "DELETE FROM inbox WHERE kind <> 0 AND created_at < ? "
            + "RETURNING recipient";

    /** Where the deleted entries are counted out of their inbox's quota counts. */
    interface Removals {
        void removed(String recipient, long bodyBytes) throws SQLException;
    }

    /** The deleted messages' receipts (not yet inserted), and what else was dropped. */
    record Removed(List<InboxEntry> receipts, int receiptsDropped, int sendsDropped) {
    }

    private Expiring() {
    }

    static Removed remove(Connection connection, Write.Expire expire, Removals removals) throws SQLException {
        List<InboxEntry> receipts = new ArrayList<>();
        try (PreparedStatement delete = connection.prepareStatement(DELETE_EXPIRED)) {
            delete.setLong(1, expire.cutoff());
            delete.setInt(2, expire.limit());
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    InboxEntry row = JdbiMessageDao.entry(rs, null);
                    removals.removed(row.recipient(), rs.getLong(11));
                    receipts.add(new InboxEntry(0, 0, row.peer(), InboxEntry.Kind.EXPIRED, row.messageId(),
                            row.recipient(), row.clientId(), null, expire.now()));
                }
            }
        }
        int receiptsDropped = 0;
        try (PreparedStatement delete = connection.prepareStatement(DELETE_OLD_RECEIPTS)) {
            delete.setLong(1, expire.cutoff());
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    removals.removed(rs.getString(1), 0);
                    receiptsDropped++;
                }
            }
        }
        return new Removed(receipts, receiptsDropped, update(connection, "DELETE FROM sends WHERE created_at < ?", expire));
    }

    private static int update(Connection connection, String sql, Write.Expire expire) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, expire.cutoff());
            return statement.executeUpdate();
        }
    }
}
