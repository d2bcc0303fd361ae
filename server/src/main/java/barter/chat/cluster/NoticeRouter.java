package barter.chat.cluster;

import barter.chat.connections.Connection;
import barter.chat.messaging.Router;
import barter.chat.protocol.ServerFrame;
import barter.chat.store.InboxEntry;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbox notices for the node that holds the recipient's connection. A connection on this node is told directly
 * (with the entry, so it may not need to read the store); the notice is published all the same, since a newer
 * connection of the same user may just have opened on another node; this node ignores its own notices.
 *
 * <p>Publishing is fire and forget (the writer thread must not wait on Redis), but a notice that fails is not
 * dropped: it is published again every second until Redis takes it, for up to a minute. A subscriber whose own
 * connection dropped re-reads the store anyway; this covers the publisher's side failing alone.
 */
final class NoticeRouter implements Router {
    private static final Logger log = LoggerFactory.getLogger(NoticeRouter.class);
    private static final int RETRIES = 60;

    private final String nodeId;
    private final StatefulRedisConnection<String, String> connection;
    private final Function<String, String> userChannel;
    private final Function<String, Optional<Connection>> local;
    private final ScheduledExecutorService retries;

    NoticeRouter(String nodeId, StatefulRedisConnection<String, String> connection,
                 Function<String, String> userChannel, Function<String, Optional<Connection>> local,
                 ScheduledExecutorService retries) {
        this.nodeId = nodeId;
        this.connection = connection;
        this.userChannel = userChannel;
        this.local = local;
        this.retries = retries;
    }

    @Override
    public void deliver(InboxEntry entry) {
        local.apply(entry.recipient()).ifPresent(c -> c.inbox().committed(entry));
        publish(entry.recipient(), new ClusterMessage.Notice(entry.recipient(), nodeId), 0);
    }

    @Override
    public void notice(String recipient) {
        local.apply(recipient).ifPresent(c -> c.inbox().mayHaveMissed());
        publish(recipient, new ClusterMessage.Notice(recipient, nodeId), 0);
    }

    /** Ephemeral: never retried. */
    @Override
    public void typing(String from, String to) {
        Optional<Connection> here = local.apply(to);
        if (here.isPresent()) {
            here.get().send(new ServerFrame.Typing(from));
        } else {
            connection.async().publish(userChannel.apply(to), new ClusterMessage.Typing(to, from).encode());
        }
    }

    private void publish(String user, ClusterMessage.Notice notice, int attempt) {
        connection.async().publish(userChannel.apply(user), notice.encode()).exceptionally(failure -> {
            if (attempt == 0) {
                log.warn("notice for {} failed; publishing it again every second: {}", user, failure.toString());
            }
            if (attempt < RETRIES && !retries.isShutdown()) {
                retries.schedule(() -> publish(user, notice, attempt + 1), 1, TimeUnit.SECONDS);
            } else {
                log.error("notice for {} failed {} times; its stream reads the store on its next notice or "
                        + "resync", user, attempt + 1);
            }
            return 0L;
        });
    }
}
