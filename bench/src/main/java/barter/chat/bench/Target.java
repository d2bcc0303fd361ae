package barter.chat.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The server under test: a process the benchmark starts (fresh data dir or fresh PostgreSQL database, raised rate
 * limits) or one already running at a URL. Knows the process id when it can, for CPU and memory from /proc.
 */
final class Target implements AutoCloseable {
    static final String DEFAULT_SECRET = "bench-secret-that-is-at-least-32-bytes-long!";
    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final URI url;
    private final String secret;
    private final long pid;
    private final String store;
    private final Process process;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private Path dataDir;
    private String database;

    private Target(URI url, String secret, long pid, String store, Process process) {
        this.url = url;
        this.secret = secret;
        this.pid = pid;
        this.store = store;
        this.process = process;
    }

    /** A server already running (its pid is optional: without it, server CPU and RSS are not reported). */
    static Target running(URI url, String secret, long pid, String store) {
        Target t = new Target(url, secret, pid, store, null);
        t.settings.put("url", url.toString());
        return t;
    }

    /**
     * Starts {@code java -jar serverJar} on a free port with a fresh store and waits for {@code /health/ready}.
     * {@code store} is {@code sqlite} or {@code postgres} (a new database on 127.0.0.1:5432, user postgres).
     */
    static Target start(Path serverJar, String store, List<String> jvmOptions, Path workDir,
                        Map<String, String> extraEnv) {
        try {
            Files.createDirectories(workDir);
            int port = freePort();
            Path dataDir = Files.createTempDirectory(workDir, "server-data-");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CHAT_PORT", Integer.toString(port));
            env.put("CHAT_DATA_DIR", dataDir.toString());
            env.put("CHAT_JWT_SECRET", DEFAULT_SECRET);
            env.put("CHAT_LIMIT_MESSAGES", "1000000,1000000/s");
            env.put("CHAT_LIMIT_CONNECTS", "1000000,1000000/s");
            env.put("CHAT_LIMIT_HTTP", "1000000,1000000/s");
            env.put("CHAT_LIMIT_KEYS", "1000000,1000000/s");
            // the backlog scenarios queue 100,000 messages for one recipient, ten times the default inbox quota
            env.put("CHAT_MAX_INBOX_MESSAGES", "100000000");
            env.put("CHAT_MAX_INBOX_BYTES", Integer.toString(Integer.MAX_VALUE));
            if (store.equals("postgres")) {
                env.put("CHAT_DB_URL", createPostgresDatabase());
                env.put("CHAT_DB_USER", "postgres");
            }
            env.putAll(extraEnv);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(serverJar.toAbsolutePath().toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("server-" + port + ".log").toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            URI url = URI.create("http://127.0.0.1:" + port);
            Target target = new Target(url, DEFAULT_SECRET, process.pid(), store, process);
            target.dataDir = dataDir;
            target.database = env.get("CHAT_DB_URL");
            target.settings.put("serverJar", serverJar.toString());
            target.settings.put("jvmOptions", jvmOptions);
            target.settings.put("env", redact(env));
            target.awaitReady();
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the server: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> redact(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put("CHAT_JWT_SECRET", "(bench default)");
        copy.remove("CHAT_DATA_DIR");
        return copy;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Creates an empty database for one run and returns its JDBC URL. */
    static String createPostgresDatabase() {
        String name = "chat_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (user postgres) is needed for --store postgres", e);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        var client = java.net.http.HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + " (see its log)");
            }
            try {
                var response = client.send(java.net.http.HttpRequest.newBuilder(url.resolve("/health/ready")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("the server did not become ready within 60 s at " + url);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url() {
        return url;
    }

    String secret() {
        return secret;
    }

    String store() {
        return store;
    }

    long pid() {
        return pid;
    }

    Map<String, Object> settings() {
        return settings;
    }

    /** CPU seconds (user + system) the server process has used so far, or -1 without a pid. */
    double serverCpuSeconds() {
        return pid > 0 ? Proc.cpuSeconds(pid) : -1;
    }

    /** Resident set size of the server process in bytes, or -1. */
    long serverRssBytes() {
        return pid > 0 ? Proc.rssBytes(pid) : -1;
    }

    /** Asks the server JVM for a full GC (jcmd), so heap figures are live data; false if not possible. */
    boolean gc() {
        if (pid <= 0 || pid == ProcessHandle.current().pid()) {
            if (pid == ProcessHandle.current().pid()) {
                System.gc();
                return true;
            }
            return false;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Server CPU of the PostgreSQL processes (all of them; the benchmark is their only client), or -1. */
    double databaseCpuSeconds() {
        return store.equals("postgres") ? Proc.cpuSecondsOfCommand("postgres") : -1;
    }

    OptionalLong exitCode() {
        return process != null && !process.isAlive() ? OptionalLong.of(process.exitValue()) : OptionalLong.empty();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            removeStore();
        }
    }

    /** A started server's store is scratch: its data dir and PostgreSQL database go with it. */
    private void removeStore() {
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + dataDir + ": " + e.getMessage());
            }
        }
        if (database != null && database.startsWith("jdbc:postgresql:")) {
            String name = database.substring(database.lastIndexOf('/') + 1);
            try (Connection admin = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException e) {
                System.err.println("could not drop database " + name + ": " + e.getMessage());
            }
        }
    }
}
