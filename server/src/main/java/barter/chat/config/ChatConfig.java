package barter.chat.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole configuration, read once at start from environment variables (and an optional properties file with the
 * same keys; the environment wins). Nothing else in the server reads {@code System.getenv}.
 *
 * @param dbUrl           JDBC URL; null means SQLite in {@code dataDir}
 * @param redisUrl        set: cluster mode
 * @param redisPrefix     prefix of every Redis key and channel, so several deployments (or tests) share a Redis
 * @param jwt             how tokens are verified (keys, issuer, audience, lifetime)
 * @param nodeId          null means host name + port, decided once the port is known
 * @param trustedProxies  direct peers whose Forwarded / X-Forwarded-For headers name the client's address
 * @param maxInboxMessages entries (messages and receipts) one recipient's inbox may hold before sends to them are
 *                        refused with {@code recipient_full}
 * @param maxInboxBytes   the same in bytes of stored (base64) bodies
 */
public record ChatConfig(
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String redisUrl,
        String redisPrefix,
        JwtSettings jwt,
        Duration keyCacheTtl,
        long keyCacheMaxSize,
        Duration retention,
        Duration cleanupInterval,
        int maxBodyBytes,
        int dbPoolSize,
        Path tlsCert,
        Path tlsKey,
        String nodeId,
        Limits limits,
        List<AddressBlock> trustedProxies,
        Transport transport,
        boolean revealBlocks,
        int maxBlocks,
        int maxInboxMessages,
        int maxInboxBytes,
        String metricsToken,
        boolean jsonLogs) {

    /**
     * WebSocket transport settings: keepalive, per-connection bounds, connection cap.
     *
     * @param outboundQueueFrames  twice the sends a connection may have unanswered (its reader waits beyond that)
     * @param outboundBytes        encoded frames handed to the socket and not yet written, per connection
     * @param slowConsumerTimeout  how long a connection at its byte bound may make no write progress before it is
     *                             closed as a slow consumer (4429)
     */
    public record Transport(
            Duration pingInterval,
            Duration idleTimeout,
            Duration authTimeout,
            int outboundQueueFrames,
            int outboundBytes,
            Duration slowConsumerTimeout,
            int maxConnections) {
    }

    public boolean clusterMode() {
        return redisUrl != null;
    }

    public boolean usesPostgres() {
        return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
    }

    /** The JDBC URL to use: the configured one, or the SQLite file in the data dir. */
    public String jdbcUrl() {
        return dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("chat.db").toAbsolutePath();
    }

    /** Reads the configuration from an environment map; throws {@link ConfigException} naming every bad value. */
    public static ChatConfig fromEnv(Map<String, String> env) {
        return new ConfigReader(env).read();
    }

    /** Reads {@code file} (Java properties with the same keys) and lets {@code env} override it. */
    public static ChatConfig fromFileAndEnv(Path file, Map<String, String> env) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(List.of("--config " + file + ": cannot read (" + e.getMessage() + ")"));
        }
        Map<String, String> merged = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> merged.put(k, properties.getProperty(k)));
        merged.putAll(env);
        return fromEnv(merged);
    }
}
