package barter.chat;

import barter.chat.abuse.Blocks;
import barter.chat.abuse.Moderation;
import barter.chat.abuse.RateLimiter;
import barter.chat.auth.Principal;
import barter.chat.protocol.ErrorCode;
import barter.chat.store.BlockDao;
import barter.chat.store.ReportDao;
import barter.chat.auth.JwtSecrets;
import barter.chat.auth.TokenVerifier;
import barter.chat.config.ChatConfig;
import barter.chat.connections.CloseReason;
import barter.chat.connections.ConnectionManager;
import barter.chat.http.HttpApi;
import barter.chat.http.SocketServices;
import barter.chat.keys.KeyDirectory;
import barter.chat.keys.PublicKeyCache;
import barter.chat.messaging.MessageCleanupTask;
import barter.chat.messaging.MessageQueue;
import barter.chat.messaging.MessagingMetrics;
import barter.chat.messaging.Router;
import barter.chat.messaging.SendPolicy;
import barter.chat.ops.Metrics;
import barter.chat.store.Database;
import barter.chat.store.KeyDao;
import barter.chat.store.MessageDao;
import com.github.benmanes.caffeine.cache.Ticker;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: configuration -> store -> features -> HTTP. Start with {@link #start}, stop with {@link #close}. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Database database;
    private final ConnectionManager connections;
    private final MessageQueue queue;
    private final MessageCleanupTask cleanup;
    private final Javalin http;

    private App(Database database, ConnectionManager connections, MessageQueue queue, MessageCleanupTask cleanup,
                Javalin http) {
        this.database = database;
        this.connections = connections;
        this.queue = queue;
        this.cleanup = cleanup;
        this.http = http;
    }

    public static App start(ChatConfig config) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = Metrics.prometheus();
        String secret = JwtSecrets.resolve(config.jwtSecret(), config.dataDir());
        Database database = Database.open(config.jdbcUrl(), config.dbUser(), config.dbPassword(), registry);
        PublicKeyCache keyCache = PublicKeyCache.create(config.keyCacheTtl(), config.keyCacheMaxSize(), Ticker.systemTicker());
        Metrics.bindKeyCache(registry, keyCache);
        KeyDirectory keys = KeyDirectory.cached(Metrics.countingReads(KeyDao.jdbi(database), registry), keyCache, clock,
                KeyDirectory.KeyDirectoryListener.NONE);
        ConnectionManager connections = ConnectionManager.local();
        Router router = Router.local(connections);
        MessageDao messages = MessageDao.jdbi(database);
        MessagingMetrics messagingMetrics = new MessagingMetrics(registry, clock);
        Blocks blocks = Blocks.cached(BlockDao.jdbi(database), clock);
        SendPolicy policy = sendPolicy(keys, blocks, config.revealBlocks());
        MessageQueue queue = MessageQueue.durable(messages, router, policy, messagingMetrics, clock);
        MessageCleanupTask cleanup = new MessageCleanupTask(messages, router, messagingMetrics, config.retention(),
                config.cleanupInterval(), clock, registry);
        Moderation moderation = Moderation.stored(ReportDao.jdbi(database), messages, clock,
                user -> connections.get(user).ifPresent(c -> c.close(CloseReason.SUSPENDED)));
        TokenVerifier tokens = refusingSuspended(TokenVerifier.fromConfig(config, secret, clock), moderation);
        SocketServices socket = new SocketServices(tokens, connections, queue,
                RateLimiter.inMemory(config.limits(), registry), messagingMetrics);
        Javalin http = HttpApi.create(config,
                new HttpApi.Dependencies(socket, keys, blocks, moderation, registry, database::isReachable));
        http.start();
        cleanup.start();
        log.info("barter-chat listening on port {} ({} store, {} mode)", http.port(),
                database.isPostgres() ? "PostgreSQL" : "SQLite", config.clusterMode() ? "cluster" : "embedded");
        return new App(database, connections, queue, cleanup, http);
    }

    private static SendPolicy sendPolicy(KeyDirectory keys, Blocks blocks, boolean revealBlocks) {
        return (sender, recipient) -> {
            if (keys.lookup(recipient).isEmpty()) {
                return SendPolicy.Decision.UNKNOWN_RECIPIENT;
            }
            if (blocks.isBlocked(recipient, sender)) {
                return revealBlocks ? SendPolicy.Decision.REFUSE_BLOCKED : SendPolicy.Decision.ACCEPT_SILENTLY;
            }
            return SendPolicy.Decision.DELIVER;
        };
    }

    private static TokenVerifier refusingSuspended(TokenVerifier verifier, Moderation moderation) {
        return token -> {
            Principal principal = verifier.verify(token);
            if (moderation.isSuspended(principal.userId())) {
                throw new ChatException(ErrorCode.UNAUTHORIZED, "this account is suspended");
            }
            return principal;
        };
    }

    public int port() {
        return http.port();
    }

    /**
     * Graceful stop: close every socket (clients reconnect elsewhere and resend unanswered sends with the same id),
     * stop HTTP, commit the writes already queued, then close the store.
     */
    @Override
    public void close() {
        log.info("shutting down: closing {} connections", connections.count());
        connections.all().forEach(c -> c.close(CloseReason.SHUTDOWN));
        http.stop();
        cleanup.stop();
        queue.close();
        database.close();
        log.info("shut down");
    }
}
