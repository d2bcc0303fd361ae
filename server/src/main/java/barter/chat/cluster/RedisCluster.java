package barter.chat.cluster;

import barter.chat.abuse.Blocks;
import barter.chat.abuse.RateLimiter;
import barter.chat.config.Limits;
import barter.chat.connections.CloseReason;
import barter.chat.connections.Connection;
import barter.chat.connections.ConnectionManager;
import barter.chat.keys.KeyDirectory;
import barter.chat.keys.SharedKeyCache;
import barter.chat.messaging.Router;
import barter.chat.protocol.ServerFrame;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode over Redis: presence (which node holds a user's connection), inbox notices to that node by pub/sub,
 * displacement across nodes, cache invalidation (keys, blocks), suspension closes, shared rate-limit buckets, and
 * node membership. Redis holds nothing that must survive: the messages are in the shared database, and a notice
 * only tells a delivery stream to read it.
 *
 * <p>Notices can be lost three ways, and each ends in a re-read of the store: this node's pub/sub connection drops
 * (every local stream re-reads once it is back, and the caches are flushed), the node that committed an entry dies
 * before its notice went out ({@link NodeMembership} sees it go and every local stream re-reads), or the sender's
 * node dies before the sender heard {@code accepted} (the resend is answered from the store on another node, which
 * sends a notice again).
 *
 * <p>Keys and channels: {@code <prefix>presence:<user>} -> node id of the user's connection;
 * {@code <prefix>user:<user>} carries notices for that user, subscribed by the node holding the connection;
 * {@code <prefix>node:<node>} carries displacement notices; {@code <prefix>all} is heard by every node.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final String nodeId;
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final StatefulRedisConnection<String, byte[]> bucketConnection;
    private final NodeMembership membership;
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("cluster-retries").factory());
    private volatile ConnectionManager local;
    private volatile KeyDirectory keys;
    private volatile Blocks blocks;
    private volatile Consumer<String> suspensionChanged = user -> { };

    public RedisCluster(String redisUrl, String prefix, String nodeId) {
        this.nodeId = nodeId;
        this.prefix = prefix;
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setClientName("barter-chat-" + nodeId);
        // a Redis outage must fail a frame in seconds (an error frame), not hold its socket for Lettuce's minute
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.bucketConnection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                receive(message);
            }
        });
        subscription.sync().subscribe(nodeChannel(nodeId), prefix + "all");
        subscription.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                // Lettuce re-subscribes by itself; what was published meanwhile is gone, so read it from the store
                log.info("pub/sub connection to Redis (re)established; streams re-read the store, caches flushed");
                Thread.ofVirtual().name("cluster-resync").start(RedisCluster.this::resubscribed);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                log.warn("pub/sub connection to Redis lost; notices are missed until it is back, then the store is "
                        + "re-read");
            }
        });
        this.membership = new NodeMembership(connection, prefix + "nodes", nodeId, this::peerLost);
        log.info("cluster node {} joined through Redis (prefix '{}')", nodeId, prefix);
    }

    /** Connects the cluster to this node's features; call once, before serving. */
    public void attach(ConnectionManager localConnections, KeyDirectory keyDirectory, Blocks blockLists,
                       Consumer<String> suspensionChanged) {
        this.suspensionChanged = suspensionChanged;
        this.local = localConnections;
        this.keys = keyDirectory;
        this.blocks = blockLists;
        membership.start();
    }

    /** Tracks presence in Redis and displaces a user's connection on another node. */
    public ConnectionManager connections(ConnectionManager localConnections) {
        return new ClusterConnections(localConnections, this);
    }

    /** Notices to the node that holds the recipient's connection (see {@link NoticeRouter}). */
    public Router router() {
        return new NoticeRouter(nodeId, connection, this::userChannel, this::localConnection, retries);
    }

    /** The key cache every node shares, under each node's own (see {@link RedisKeyCache}). */
    public SharedKeyCache sharedKeys(Duration ttl) {
        return new RedisKeyCache(connection, prefix + "keys:", ttl);
    }

    /** Every node drops its cached copy when keys rotate anywhere. */
    public KeyDirectory.KeyDirectoryListener keyRotations() {
        return userId -> broadcast(new ClusterMessage.KeysRotated(userId));
    }

    /** Every node drops its cached block list of a user whose blocks changed anywhere. */
    public Blocks.BlockListener blockChanges() {
        return blocker -> broadcast(new ClusterMessage.BlocksChanged(blocker));
    }

    /** Closes the user's connection wherever it is (suspension). */
    public void closeEverywhere(String userId) {
        broadcast(new ClusterMessage.Suspend(userId));
    }

    public RateLimiter rateLimiter(Limits limits, MeterRegistry registry) {
        var buckets = Bucket4jLettuce.casBasedBuilder(bucketConnection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
        return RateLimiter.distributed(limits, registry, buckets, prefix + "limit:");
    }

    public boolean isReachable() {
        try {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** This node now holds the user's connection: listen for their pushes and displace any other node's. */
    void claimPresence(String userId) {
        subscription.sync().subscribe(userChannel(userId));
        String previous = commands().setGet(presenceKey(userId), nodeId);
        if (previous != null && !previous.equals(nodeId)) {
            commands().publish(nodeChannel(previous), new ClusterMessage.Displace(userId, nodeId).encode());
        }
    }

    void releasePresence(String userId) {
        subscription.sync().unsubscribe(userChannel(userId));
        // only if still ours: a newer connection elsewhere may own it already
        commands().eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
                io.lettuce.core.ScriptOutputType.INTEGER, new String[] {presenceKey(userId)}, nodeId);
    }

    private void broadcast(ClusterMessage message) {
        commands().publish(prefix + "all", message.encode());
    }

    private void receive(String json) {
        try {
            receive(ClusterMessage.decode(json));
        } catch (RuntimeException e) {
            log.error("dropping an unreadable cluster message", e);
        }
    }

    private void receive(ClusterMessage message) {
        switch (message) {
            case ClusterMessage.Notice n when !n.origin().equals(nodeId) ->
                    localConnection(n.user()).ifPresent(c -> c.inbox().mayHaveMissed());
            case ClusterMessage.Notice n -> { }
            case ClusterMessage.Typing t -> localConnection(t.user()).ifPresent(c -> c.send(new ServerFrame.Typing(t.from())));
            case ClusterMessage.Displace d -> localConnection(d.user()).ifPresent(c -> c.close(CloseReason.DISPLACED));
            case ClusterMessage.Suspend s -> {
                // also refuse a reconnect to this node at once, not after the suspension cache's TTL
                suspensionChanged.accept(s.user());
                localConnection(s.user()).ifPresent(c -> c.close(CloseReason.SUSPENDED));
            }
            case ClusterMessage.KeysRotated k -> {
                if (keys != null) {
                    keys.invalidate(k.user());
                }
            }
            case ClusterMessage.BlocksChanged b -> {
                if (blocks != null) {
                    blocks.invalidate(b.user());
                }
            }
        }
    }

    private Optional<Connection> localConnection(String userId) {
        ConnectionManager connections = local;
        return connections == null ? Optional.empty() : connections.get(userId);
    }

    /** Whatever was published while the subscription was down is gone: re-read and refetch it all. */
    private void resubscribed() {
        if (keys != null) {
            keys.invalidateAll();
        }
        if (blocks != null) {
            blocks.invalidateAll();
        }
        resyncStreams();
    }

    /** A node went away: notices for entries it committed may never have been published. */
    private void peerLost(String member) {
        log.warn("cluster node {} stopped heartbeating; every stream on this node re-reads the store", member);
        resyncStreams();
    }

    private void resyncStreams() {
        ConnectionManager connections = local;
        if (connections != null) {
            connections.all().forEach(c -> c.inbox().mayHaveMissed());
        }
    }

    private RedisCommands<String, String> commands() {
        return connection.sync();
    }

    private String presenceKey(String userId) {
        return prefix + "presence:" + userId;
    }

    private String userChannel(String userId) {
        return prefix + "user:" + userId;
    }

    private String nodeChannel(String node) {
        return prefix + "node:" + node;
    }

    @Override
    public void close() {
        retries.shutdownNow();
        membership.close();
        subscription.close();
        bucketConnection.close();
        connection.close();
        client.shutdown();
    }
}
