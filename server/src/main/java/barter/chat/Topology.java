package barter.chat;

import barter.chat.abuse.Blocks;
import barter.chat.abuse.Moderation;
import barter.chat.abuse.RateLimiter;
import barter.chat.cluster.RedisCluster;
import barter.chat.config.ChatConfig;
import barter.chat.connections.CloseReason;
import barter.chat.connections.ConnectionManager;
import barter.chat.keys.KeyDirectory;
import barter.chat.keys.SharedKeyCache;
import barter.chat.messaging.Router;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The one difference between embedded and cluster mode: where connections, pushes, limits and signals live. */
record Topology(ConnectionManager connections, Router router, RateLimiter limiter,
                KeyDirectory.KeyDirectoryListener keyRotations, SharedKeyCache sharedKeys,
                Blocks.BlockListener blockChanges,
                Consumer<String> closeUser, BooleanSupplier ready, RedisCluster cluster) implements AutoCloseable {

    static Topology embedded(ChatConfig config, MeterRegistry registry) {
        ConnectionManager connections = ConnectionManager.local();
        return new Topology(connections, Router.local(connections), RateLimiter.inMemory(config.limits(), registry),
                KeyDirectory.KeyDirectoryListener.NONE, SharedKeyCache.NONE, Blocks.BlockListener.NONE,
                user -> connections.get(user).ifPresent(c -> c.close(CloseReason.SUSPENDED)), () -> true, null);
    }

    static Topology cluster(ChatConfig config, MeterRegistry registry) {
        RedisCluster cluster = new RedisCluster(config.redisUrl(), config.redisPrefix(), nodeId(config));
        return new Topology(cluster.connections(ConnectionManager.local()), cluster.router(),
                cluster.rateLimiter(config.limits(), registry), cluster.keyRotations(),
                cluster.sharedKeys(config.keyCacheTtl()), cluster.blockChanges(),
                cluster::closeEverywhere,
                cluster::isReachable, cluster);
    }

    /** Lets cluster signals reach this node's connections and caches. */
    void attach(KeyDirectory keys, Blocks blocks, Moderation moderation) {
        if (cluster != null) {
            cluster.attach(connections, keys, blocks, moderation::forgetSuspension);
        }
    }

    private static String nodeId(ChatConfig config) {
        if (config.nodeId() != null) {
            return config.nodeId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return config.port() == 0 ? host + "-" + UUID.randomUUID().toString().substring(0, 8) : host + ":" + config.port();
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
