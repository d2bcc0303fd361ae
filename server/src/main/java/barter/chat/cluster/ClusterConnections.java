package barter.chat.cluster;

import barter.chat.connections.Connection;
import barter.chat.connections.ConnectionManager;
import java.util.Collection;
import java.util.Optional;

/** This node's connections, with presence in Redis so the cluster can route to them and displace across nodes. */
final class ClusterConnections implements ConnectionManager {
    private final ConnectionManager local;
    private final RedisCluster cluster;

    ClusterConnections(ConnectionManager local, RedisCluster cluster) {
        this.local = local;
        this.cluster = cluster;
    }

    @Override
    public Optional<Connection> add(Connection connection) {
        Optional<Connection> displaced = local.add(connection);
        try {
            cluster.claimPresence(connection.userId());
        } catch (RuntimeException e) {
            // the socket will be refused: it must not stay in the map, where nothing would ever remove it
            local.remove(connection);
            throw e;
        }
        return displaced;
    }

    @Override
    public Optional<Connection> get(String userId) {
        return local.get(userId);
    }

    @Override
    public boolean remove(Connection connection) {
        boolean removed = local.remove(connection);
        if (removed) {
            cluster.releasePresence(connection.userId());
        }
        return removed;
    }

    @Override
    public boolean isConnected(String userId) {
        return local.isConnected(userId);
    }

    @Override
    public int count() {
        return local.count();
    }

    @Override
    public Collection<Connection> all() {
        return local.all();
    }
}
