package barter.chat.cluster;

import barter.chat.abuse.RateLimiter;
import barter.chat.config.Limits;
import barter.chat.connections.CloseReason;
import barter.chat.connections.ConnectionManager;
import barter.chat.keys.KeyDirectory;
import barter.chat.messaging.Frames;
import barter.chat.messaging.Router;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.InboxEntry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode over Redis: presence (which node holds a user's connection), routing of pushes to that node by
 * pub/sub, displacement across nodes, key-cache invalidation, suspension closes, and shared rate-limit buckets.
 * Redis holds nothing that must survive: the messages are in the shared database.
 *
 * <p>Keys and channels: {@code <prefix>presence:<user>} -> node id of the user's connection;
 * {@code <prefix>user:<user>} carries pushes for that user, subscribed by the node holding the connection (so a
 * push is one PUBLISH, without a presence lookup); {@code <prefix>node:<node>} carries displacement notices;
 * {@code <prefix>all} is heard by every node. Publishes go out in call order on one connection, which keeps a
 * sender's messages in order.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);

    private final String nodeId;
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final StatefulRedisConnection<String, byte[]> bucketConnection;
    private final FrameCodec codec = new FrameCodec(Integer.MAX_VALUE);
    private volatile ConnectionManager local;
    private volatile KeyDirectory keys;
    private volatile Runnable outageBegan = () -> { };
    private volatile Runnable resubscribed = () -> { };

    public RedisCluster(String redisUrl, String prefix, String nodeId) {
        this.nodeId = nodeId;
        this.prefix = prefix;
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setClientName("barter-chat-" + nodeId);
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
                log.info("pub/sub connection to Redis (re)established; catching connections up from the store");
                Thread.ofVirtual().name("cluster-resync").start(resubscribed);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                log.warn("pub/sub connection to Redis lost; holding live deliveries until the store is re-read");
                outageBegan.run();
            }
        });
        log.info("cluster node {} joined through Redis (prefix '{}')", nodeId, prefix);
    }

    /**
     * Connects the cluster to this node's features; call once, before serving.
     *
     * @param outage      run when the pub/sub connection drops: pushes may be lost from now on
     * @param afterOutage run when the pub/sub connection comes back after a loss, to re-read what was missed
     */
    public void attach(ConnectionManager localConnections, KeyDirectory keyDirectory, Runnable outage,
                       Runnable afterOutage) {
        this.local = localConnections;
        this.keys = keyDirectory;
        this.outageBegan = outage;
        this.resubscribed = afterOutage;
    }

    /** Tracks presence in Redis and displaces a user's connection on another node. */
    public ConnectionManager connections(ConnectionManager localConnections) {
        return new ClusterConnections(localConnections, this);
    }

    /** Pushes to the node that holds the recipient's connection. */
    public Router router() {
        return new Router() {
            @Override
            public void deliver(InboxEntry entry) {
                publish(userChannel(entry.recipient()), new ClusterMessage("deliver", entry.recipient(),
                        entry.entryId(), codec.encode(Frames.of(entry))));
            }

            @Override
            public void typing(String from, String to) {
                publish(userChannel(to), new ClusterMessage("typing", to, 0, from));
            }
        };
    }

    /** Every node drops its cached copy when keys rotate anywhere. */
    public KeyDirectory.KeyDirectoryListener keyRotations() {
        return userId -> broadcast(new ClusterMessage("keys", userId, 0, null));
    }

    /** Closes the user's connection wherever it is (suspension). */
    public void closeEverywhere(String userId) {
        broadcast(new ClusterMessage("close", userId, 0, null));
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
            commands().publish(nodeChannel(previous), new ClusterMessage("displace", userId, 0, nodeId).encode());
        }
    }

    void releasePresence(String userId) {
        subscription.sync().unsubscribe(userChannel(userId));
        // only if still ours: a newer connection elsewhere may own it already
        commands().eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
                io.lettuce.core.ScriptOutputType.INTEGER, new String[] {presenceKey(userId)}, nodeId);
    }

    /** Fire and forget: the writer thread must not wait on Redis, and a lost push only delays a stored entry. */
    private void publish(String channel, ClusterMessage message) {
        connection.async().publish(channel, message.encode()).exceptionally(failure -> {
            log.warn("push on {} failed; the recipient gets it on its next connect: {}", channel, failure.toString());
            return 0L;
        });
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
        ConnectionManager connections = local;
        if (connections == null) {
            return;
        }
        switch (message.type()) {
            case "deliver" -> connections.get(message.user())
                    .ifPresent(c -> c.deliver(message.entry(), codec.decodeServer(message.frame())));
            case "typing" -> connections.get(message.user()).ifPresent(c -> c.send(new ServerFrame.Typing(message.frame())));
            case "displace" -> connections.get(message.user()).ifPresent(c -> c.close(CloseReason.DISPLACED));
            case "close" -> connections.get(message.user()).ifPresent(c -> c.close(CloseReason.SUSPENDED));
            case "keys" -> {
                KeyDirectory directory = keys;
                if (directory != null) {
                    directory.invalidate(message.user());
                }
            }
            default -> log.warn("unknown cluster message type {}", message.type());
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
        subscription.close();
        bucketConnection.close();
        connection.close();
        client.shutdown();
    }
}
