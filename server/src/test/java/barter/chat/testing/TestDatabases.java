package barter.chat.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** Fresh databases for tests: a SQLite file in a temp dir, or a new PostgreSQL database on the local server. */
public final class TestDatabases {
    public static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    private TestDatabases() {
    }

    public static String sqlite(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("chat-" + UUID.randomUUID() + ".db");
    }

    /** Creates an empty database named after the test run and returns its JDBC URL. */
    public static String postgres() {
        String name = "chat_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 must be running for this test", e);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /** Which store a parameterised test runs on. */
    public enum Kind {
        SQLITE, POSTGRES;

        public String url(Path tempDir) {
            return this == SQLITE ? sqlite(tempDir) : postgres();
        }

        /** A fresh, migrated store of this kind, opened directly (no server). */
        public barter.chat.store.Database open(Path tempDir) {
            return barter.chat.store.Database.open(url(tempDir), this == POSTGRES ? POSTGRES_USER : null, null,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        }
    }
}
