package barter.chat.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How one group-commit batch reaches the store, inside a transaction the caller opened and commits. The single
 * message writer runs every batch, so this is the server's throughput: SQLite (in-process) and PostgreSQL (a network
 * round trip per statement) want different shapes.
 */
interface BatchWrites {

    /**
     * One result per write, in order, as if the writes had run one after another. Every inbox entry inserted gets
     * the next sequence number of its recipient ({@link InboxEntry#seq}), claimed from {@code inbox_heads} in the
     * same transaction.
     */
    List<WriteResult> write(Connection connection, List<Write> writes) throws SQLException;
}
