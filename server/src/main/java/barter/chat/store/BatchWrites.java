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

    /** One result per write, in order, as if the writes had run one after another. */
    List<WriteResult> write(Connection connection, List<Write> writes) throws SQLException;

    /**
     * Inserts inbox entries, each with the next sequence number of its recipient; returns them as stored (row key and
     * sequence set), in the order given.
     */
    List<InboxEntry> insert(Connection connection, List<InboxEntry> entries) throws SQLException;
}
