package barter.chat.store;

import barter.chat.config.PrivateFiles;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, schema migrations and JDBI handle factory for SQLite or PostgreSQL.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}: every commit is fsynced to the WAL before the call
 * returns, so an accepted message survives both a process crash and a power loss. (With {@code NORMAL} it would
 * survive a process crash only.) Writes are serialised through one writer (see the messaging group commit), so the
 * cost of that fsync is shared by a whole batch.
 */
public final class Database implements AutoCloseable {
    /** PostgreSQL ends a session of ours that sat this long inside a transaction without a statement. */
    static final long FROZEN_AFTER_MILLIS = 5_000;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        // JDBI renders bound arguments (message bodies, report evidence) into its exception messages by default
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutArguments);
        this.postgres = postgres;
    }

    /** The same with the default pool: 16 connections on PostgreSQL, 8 on SQLite. */
    public static Database open(String jdbcUrl, String user, String password, MeterRegistry registry) {
        return open(jdbcUrl, user, password, jdbcUrl.startsWith("jdbc:postgresql:") ? 16 : 8, registry);
    }

    /**
     * Opens the pool and migrates the schema; the SQLite file and its folder are created if needed, readable by
     * their owner only (messages are ciphertext, but who talks to whom is not).
     *
     * @param poolSize connections in the pool ({@code CHAT_DB_POOL_SIZE})
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, MeterRegistry registry) {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName(postgres ? "postgresql" : "sqlite");
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        if (postgres) {
            config.setMaximumPoolSize(poolSize);
            // the server's DETAIL/WHERE ("Failing row contains (...)") would carry bodies and evidence into logs
            config.addDataSourceProperty("logServerErrorDetail", "false");
            // a node frozen inside a transaction (SIGSTOP, a VM pause) holds its recipients' inbox_heads rows, and
            // every other node's writer would wait on them for as long as it stays frozen
            config.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=" + FROZEN_AFTER_MILLIS);
        } else {
            createParentDirectory(jdbcUrl);
            config.setMaximumPoolSize(poolSize);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            // The driver otherwise prepares and runs "SELECT last_insert_rowid()" after every INSERT (to serve
            // getGeneratedKeys, which nothing here calls: ids come back through RETURNING). That was 18 % of the
            // message writer's time in a JFR profile (docs/benchmarks.md).
            config.addDataSourceProperty("jdbc.get_generated_keys", "false");
        }
        config.setMetricRegistry(registry);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(postgres ? "classpath:db/postgresql" : "classpath:db/sqlite")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, postgres);
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path path = Path.of(file).toAbsolutePath();
        try {
            PrivateFiles.createDirectory(path.getParent());
            PrivateFiles.createFile(path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database " + path + ": " + e.getMessage(), e);
        }
    }

    /** The failure and the SQL text, never the values bound to it (even JDBI's SHORT_STATEMENT renders those). */
    private static String withoutArguments(StatementException e) {
        StatementContext context = e.getStatementContext();
        return e.getShortMessage() + (context == null ? "" : " [statement: " + context.getRawSql() + "]");
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** PostgreSQL, else SQLite: the message store writes its batches differently (one round trip costs more). */
    boolean isPostgres() {
        return postgres;
    }

    /** True when a connection can run a trivial query within a second. */
    public boolean isReachable() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
