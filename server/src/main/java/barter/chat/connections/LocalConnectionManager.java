package barter.chat.connections;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

final class LocalConnectionManager implements ConnectionManager {
    private final ConcurrentMap<String, Connection> byUser = new ConcurrentHashMap<>();

    @Override
    public Optional<Connection> add(Connection connection) {
        Connection older = byUser.put(connection.userId(), connection);
        if (older != null && older != connection) {
            older.close(CloseReason.DISPLACED);
            return Optional.of(older);
        }
        return Optional.empty();
    }

    @Override
    public Optional<Connection> get(String userId) {
        return Optional.ofNullable(byUser.get(userId));
    }

    @Override
    public boolean remove(Connection connection) {
        return byUser.remove(connection.userId(), connection);
    }

    @Override
    public boolean isConnected(String userId) {
        return byUser.containsKey(userId);
    }

    @Override
    public int count() {
        return byUser.size();
    }

    @Override
    public Collection<Connection> all() {
        return List.copyOf(byUser.values());
    }
}
