package barter.chat.connections;

import java.util.Collection;
import java.util.Optional;

/**
 * Who is connected to this node: at most one connection per user. Thread-safe.
 *
 * <p>Adding a connection for a user who already has one displaces the older: it is closed with
 * {@link CloseReason#DISPLACED} (close code 4409). Removing is conditional on identity, so the late close of a
 * displaced socket never removes its successor.
 */
public interface ConnectionManager {

    /** Registers the connection; returns the one it displaced, already being closed. */
    Optional<Connection> add(Connection connection);

    Optional<Connection> get(String userId);

    /** Removes the connection if it is still the user's current one; true when it was. */
    boolean remove(Connection connection);

    boolean isConnected(String userId);

    int count();

    /** A snapshot of every connection (shutdown, suspension). */
    Collection<Connection> all();

    static ConnectionManager local() {
        return new LocalConnectionManager();
    }
}
