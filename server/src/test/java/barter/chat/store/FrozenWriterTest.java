package barter.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node frozen in the middle of a transaction (SIGSTOP) holds the inbox head rows it claimed. PostgreSQL ends such
 * a session after {@link Database#FROZEN_AFTER_MILLIS}, so the other nodes' writers wait seconds, not for as long
 * as the frozen node stays frozen.
 */
class FrozenWriterTest {

    @Test
    void aTransactionLeftOpenOnAHeadRowDoesNotStallOtherWritersForLong(@TempDir Path dir) throws Exception {
        String url = TestDatabases.Kind.POSTGRES.url(dir);
        try (Database database = Database.open(url, TestDatabases.POSTGRES_USER, null,
                barter.chat.ops.Metrics.prometheus())) {
            MessageDao dao = MessageDao.jdbi(database);
            dao.write(List.of(new Write.Accept("alice", "first", "bob", "aGk=", 1, true)));
            try (Connection frozen = frozenNodeConnection(url)) {
                frozen.setAutoCommit(false);
                try (Statement claim = frozen.createStatement()) {
                    claim.executeUpdate("UPDATE inbox_heads SET seq = seq + 1 WHERE recipient = 'bob'");
                }
                long start = System.nanoTime();
                WriteResult.Accepted second = (WriteResult.Accepted) dao.write(List.of(
                        new Write.Accept("carol", "second", "bob", "aGk=", 2, true))).get(0);
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(second.stored().seq()).isEqualTo(2);
                assertThat(waitedMillis).as("waited for the frozen session to be ended")
                        .isBetween(Database.FROZEN_AFTER_MILLIS - 500, Database.FROZEN_AFTER_MILLIS + 10_000);
                assertThat(frozen.isValid(2)).as("PostgreSQL ended the frozen session").isFalse();
            }
        }
    }

    /** A connection configured as the server's pool configures its own. */
    private static Connection frozenNodeConnection(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", TestDatabases.POSTGRES_USER);
        properties.setProperty("options", "-c idle_in_transaction_session_timeout=" + Database.FROZEN_AFTER_MILLIS);
        return DriverManager.getConnection(url, properties);
    }
}
