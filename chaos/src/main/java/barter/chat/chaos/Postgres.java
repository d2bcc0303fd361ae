package barter.chat.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster made with {@code initdb} in the run's directory, on its own TCP port (no Unix socket),
 * never the machine's own server. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} OS
 * user through {@code setpriv}, which execs in place: the process we hold is the postmaster itself, and signals reach
 * it directly.
 */
final class Postgres implements AutoCloseable {
    static final String USER = "postgres";
    private static final String PG_USER_OS = "postgres";

    private final Path bin;
    private final Path data;
    private final int port;
    private final Path log;
    private final List<String> runAs;
    private OsProcess process;

    private Postgres(Path bin, Path data, int port, Path log, List<String> runAs) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.log = log;
        this.runAs = runAs;
    }

    /** Runs {@code initdb} into {@code dir}/data; throws {@link MissingPrerequisite} when this machine cannot. */
    static Postgres create(Path dir, int port, Path log) {
        Path bin = binaries().orElseThrow(() -> new MissingPrerequisite(
                "no PostgreSQL binaries (initdb, postgres) under /usr/lib/postgresql/*/bin or -Dchaos.pgBin"));
        List<String> runAs = runAs(dir);
        Postgres pg = new Postgres(bin, dir.resolve("data"), port, log, runAs);
        pg.initdb();
        return pg;
    }

    private static Optional<Path> binaries() {
        String configured = System.getProperty("chaos.pgBin");
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(b -> Files.isExecutable(b.resolve("initdb")));
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** As root: hand {@code dir} to the postgres OS user and run every binary as that user. */
    private static List<String> runAs(Path dir) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        Path setpriv = Path.of("/usr/bin/setpriv");
        if (!Files.isExecutable(setpriv)) {
            throw new MissingPrerequisite("running as root, PostgreSQL needs another user, and /usr/bin/setpriv is missing");
        }
        try {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(PG_USER_OS);
            Files.setOwner(dir, owner);
        } catch (IOException e) {
            throw new MissingPrerequisite("running as root, PostgreSQL must run as the OS user '" + PG_USER_OS
                    + "', which is unusable here: " + e);
        }
        return List.of(setpriv.toString(), "--reuid=" + PG_USER_OS, "--regid=" + PG_USER_OS, "--init-groups", "--");
    }

    private void initdb() {
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER,
                "-E", "UTF8", "--no-sync"));
        OsProcess initdb = OsProcess.start("initdb", command, Map.of(), log);
        if (!initdb.awaitExit(Duration.ofSeconds(120)) || initdb.exitValue() != 0) {
            throw new MissingPrerequisite("initdb failed as user " + (runAs.isEmpty()
                    ? System.getProperty("user.name") : PG_USER_OS) + "; see " + log);
        }
    }

    /** Starts the postmaster and waits until it takes connections. */
    synchronized void start() {
        List<String> command = new ArrayList<>(runAs);
        // fsync off: the nemesis kills processes, never the machine, so the page cache keeps every commit
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
                "-c", "full_page_writes=off", "-c", "max_connections=300"));
        process = OsProcess.start("postgres", command, Map.of(), log);
        Readiness.await("postgres", process, Duration.ofSeconds(60), this::answers);
    }

    /** A fast shutdown (SIGINT: every session is cut, like {@code pg_ctl restart -m fast}) and a start. */
    synchronized void restart() {
        process.signal("INT");
        if (!process.awaitExit(Duration.ofSeconds(30))) {
            process.kill();
        }
        start();
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void createDatabase(String name) {
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed", e);
        }
    }

    private boolean answers() {
        try (Connection ignored = DriverManager.getConnection(url("postgres") + "?connectTimeout=2", USER, "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.alive()) {
            process.signal("INT");
            if (!process.awaitExit(Duration.ofSeconds(20))) {
                process.kill();
            }
        }
        deleteTree(data); // tens of MB per run; the log stays
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
