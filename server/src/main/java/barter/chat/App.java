package barter.chat;

import barter.chat.abuse.Blocks;
import barter.chat.abuse.FrankingTags;
import barter.chat.abuse.Moderation;
import barter.chat.auth.Principal;
import barter.chat.protocol.ErrorCode;
import barter.chat.store.BlockDao;
import barter.chat.store.ReportDao;
import barter.chat.auth.TokenVerifier;
import barter.chat.config.ChatConfig;
import barter.chat.connections.CloseReason;
import barter.chat.http.ClientAddresses;
import barter.chat.http.HttpApi;
import barter.chat.http.SocketServices;
import barter.chat.keys.KeyDirectory;
import barter.chat.keys.PublicKeyCache;
import barter.chat.messaging.MessageCleanupTask;
import barter.chat.messaging.MessageQueue;
import barter.chat.messaging.MessagingMetrics;
import barter.chat.messaging.SendPolicy;
import barter.chat.ops.Metrics;
import barter.chat.store.Database;
import barter.chat.store.KeyDao;
import barter.chat.store.InboxQuota;
import barter.chat.store.MessageDao;
import barter.chat.store.ServerSecrets;
import java.security.SecureRandom;
import com.github.benmanes.caffeine.cache.Ticker;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: configuration -> store -> features -> HTTP. Start with {@link #start}, stop with {@link #close}. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Database database;
    private final Topology topology;
    private final MessageQueue queue;
    private final MessageCleanupTask cleanup;
    private final Javalin http;

    private App(Database database, Topology topology, MessageQueue queue, MessageCleanupTask cleanup, Javalin http) {
        this.database = database;
        this.topology = topology;
        this.queue = queue;
        this.cleanup = cleanup;
        this.http = http;
    }

    public static App start(ChatConfig config) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = Metrics.prometheus();
        Database database = Database.open(config.jdbcUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(),
                registry);
        Topology topology = config.clusterMode() ? Topology.cluster(config, registry) : Topology.embedded(config, registry);
        PublicKeyCache keyCache = PublicKeyCache.create(config.keyCacheTtl(), config.keyCacheMaxSize(), Ticker.systemTicker());
        Metrics.bindKeyCache(registry, keyCache);
        KeyDirectory keys = KeyDirectory.cached(Metrics.countingReads(KeyDao.jdbi(database), registry), keyCache, clock,
                topology.keyRotations(), topology.sharedKeys());
        MessageDao messages = MessageDao.jdbi(database,
                new InboxQuota(config.maxInboxMessages(), config.maxInboxBytes()));
        FrankingTags franking = new FrankingTags(new ServerSecrets(database, new SecureRandom()).secret("franking-tag"));
        MessagingMetrics messagingMetrics = new MessagingMetrics(registry, clock);
        Blocks blocks = Blocks.cached(BlockDao.jdbi(database), clock, topology.blockChanges(),
                config.maxBlocks());
        MessageQueue queue = MessageQueue.durable(messages, topology.router(),
                sendPolicy(keys, blocks, config.revealBlocks()), franking, messagingMetrics, clock);
        MessageCleanupTask cleanup = new MessageCleanupTask(queue, messagingMetrics,
                config.retention(), config.cleanupInterval(), clock, registry);
        Moderation moderation = Moderation.stored(ReportDao.jdbi(database), messages, franking, clock,
                topology.closeUser());
        topology.attach(keys, blocks, moderation);
        TokenVerifier tokens = refusingSuspended(TokenVerifier.fromConfig(config, clock), moderation);
        SocketServices socket = new SocketServices(tokens, topology.connections(), queue, topology.limiter(),
                ClientAddresses.behind(config.trustedProxies()), messagingMetrics);
        Javalin http = HttpApi.create(config, new HttpApi.Dependencies(socket, keys, blocks, moderation, registry,
                () -> database.isReachable() && topology.ready().getAsBoolean()));
        http.start();
        Metrics.bindJetty(registry, http.jettyServer().threadPool());
        cleanup.start();
        log.info("barter-chat listening on port {} ({} store, {} mode)", http.port(),
                config.usesPostgres() ? "PostgreSQL" : "SQLite", config.clusterMode() ? "cluster" : "embedded");
        return new App(database, topology, queue, cleanup, http);
    }

    private static SendPolicy sendPolicy(KeyDirectory keys, Blocks blocks, boolean revealBlocks) {
        return new SendPolicy() {
            @Override
            public Decision decide(String sender, String recipient) {
                if (keys.lookup(recipient).keys().isEmpty()) {
                    return Decision.UNKNOWN_RECIPIENT;
                }
                if (blocks.isBlocked(recipient, sender)) {
                    return revealBlocks ? Decision.REFUSE_BLOCKED : Decision.ACCEPT_SILENTLY;
                }
                return Decision.DELIVER;
            }

            @Override
            public boolean relaysTyping(String sender, String recipient) {
                return !blocks.isBlocked(recipient, sender);
            }
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

    /** The routes this server serves (see {@link HttpApi#routes}). */
    public List<String> routes() {
        return HttpApi.routes(http);
    }

    /**
     * Graceful stop: close every socket (clients reconnect elsewhere and resend unanswered sends with the same id),
     * stop HTTP, commit the writes already queued, then close the store.
     */
    @Override
    public void close() {
        log.info("shutting down: closing {} connections", topology.connections().count());
        topology.connections().all().forEach(c -> c.close(CloseReason.SHUTDOWN));
        http.stop();
        cleanup.stop();
        queue.close();
        topology.close();
        database.close();
        log.info("shut down");
    }
}
