package barter.chat.ops;

import barter.chat.config.ChatConfig;
import barter.chat.config.PrivateFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Online backup and restore of the embedded store: {@code backup --to FILE} writes a consistent copy of the SQLite
 * store while the server runs and takes traffic ({@code VACUUM INTO} reads one snapshot of the WAL database; a file
 * copy could catch the WAL half-applied), plus the generated token secret beside it as {@code FILE.jwt-secret}, so
 * that tokens issued before the backup still verify after a restore. {@code restore --from FILE} puts both into a
 * data dir that holds no store yet. PostgreSQL is backed up with its own tools (docs/guides/backup-restore.md).
 */
public final class Backup {
    static final String SECRET_SUFFIX = ".jwt-secret";
    private static final String SECRET_FILE = "jwt-secret";

    private final ChatConfig config;
    private final PrintStream out;

    public Backup(ChatConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Writes the backup; the target must not exist. Returns the exit status. */
    public int backup(Path target) throws IOException, SQLException {
        if (!embedded()) {
            return 2;
        }
        Path store = storeFile();
        if (!Files.exists(store)) {
            out.println("no store at " + store + " (set CHAT_DATA_DIR or CHAT_DB_URL to the server's)");
            return 2;
        }
        if (Files.exists(target)) {
            out.println(target + " exists; a backup never overwrites a file");
            return 2;
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store);
             Statement vacuum = db.createStatement()) {
            vacuum.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path secret = config.dataDir().resolve(SECRET_FILE);
        if (config.jwt().secrets().isEmpty() && Files.exists(secret)) {
            Path copy = target.resolveSibling(target.getFileName() + SECRET_SUFFIX);
            Files.copy(secret, copy, StandardCopyOption.COPY_ATTRIBUTES);
            out.println("backed up " + store + " to " + target + " (" + Files.size(target) + " bytes) and the token "
                    + "secret to " + copy + "; keep both private");
        } else {
            out.println("backed up " + store + " to " + target + " (" + Files.size(target) + " bytes)");
        }
        return 0;
    }

    /** Puts a backup into place; the store must not exist yet (stop the server, move the old data dir away). */
    public int restore(Path backup) throws IOException {
        if (!embedded()) {
            return 2;
        }
        Path store = storeFile();
        if (Files.exists(store)) {
            out.println(store + " exists; restore into a data dir without a store (stop the server and move the "
                    + "old one away first)");
            return 2;
        }
        if (!Files.isRegularFile(backup)) {
            out.println("no backup at " + backup);
            return 2;
        }
        PrivateFiles.createDirectory(store.getParent());
        Path partial = store.resolveSibling(store.getFileName() + ".restoring");
        Files.copy(backup, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        Files.move(partial, store, StandardCopyOption.ATOMIC_MOVE);
        Path secret = backup.resolveSibling(backup.getFileName() + SECRET_SUFFIX);
        if (Files.exists(secret)) {
            Files.copy(secret, config.dataDir().resolve(SECRET_FILE), StandardCopyOption.COPY_ATTRIBUTES);
        }
        out.println("restored " + backup + " to " + store + (Files.exists(secret) ? " with its token secret" : ""));
        return 0;
    }

    private boolean embedded() {
        if (config.usesPostgres()) {
            out.println("the store is PostgreSQL: back it up with pg_dump or continuous archiving "
                    + "(docs/guides/backup-restore.md)");
            return false;
        }
        return true;
    }

    private Path storeFile() {
        String file = config.jdbcUrl().substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        return Path.of(query >= 0 ? file.substring(0, query) : file).toAbsolutePath();
    }
}
