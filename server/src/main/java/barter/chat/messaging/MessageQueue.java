package barter.chat.messaging;

import barter.chat.connections.Connection;
import barter.chat.protocol.ClientFrame;
import barter.chat.store.Expiry;
import barter.chat.store.Write;
import java.util.List;

/**
 * The durable 1:1 message queue. Thread-safe.
 *
 * <ul>
 *   <li>{@link #accept}: the {@code accepted} frame is queued on the sender's connection only after the message is
 *       committed; a repeated client id gets the first answer and nothing is stored or delivered twice. Every
 *       accepted call gets exactly one {@link Connection#answer}: {@code accepted} or an error.</li>
 *   <li>{@link #acknowledge}: deletes the caller's own acked messages and, in the same transaction, queues a
 *       {@code delivered} receipt for each sender; a receipt is acked the same way.</li>
 *   <li>{@link #stream}: the one path from the store to a connection (see {@link DeliveryStream}).</li>
 * </ul>
 * Answers and errors go to the given connection as frames; these methods do not throw for bad input.
 */
public interface MessageQueue extends AutoCloseable {

    void accept(Connection from, ClientFrame.Send send);

    void acknowledge(Connection from, List<Long> messageIds);

    /** Relays a typing notice if the recipient is online and accepts messages from the sender; never stored. */
    void typing(Connection from, String to);

    /**
     * The delivery stream of a new connection: attach it as the connection's {@link Connection#inbox()}, make the
     * connection findable, then {@link DeliveryStream#start} it. It sends the stored backlog, {@code queue_empty},
     * then every entry as it commits, in order, until the connection closes.
     */
    DeliveryStream stream(Connection connection);

    /**
     * Expires messages accepted before {@code cutoff} through the single writer (see {@link Write.Expire}) and
     * notifies the senders' streams of their expired receipts; blocks until committed. Throws when the store fails.
     */
    Expiry expire(long cutoff, long now, int limit);

    /** Stops taking writes and commits what is queued. */
    @Override
    void close();

    /** @param franking tags the franking commitment of each franked send with this deployment's key */
    static MessageQueue durable(barter.chat.store.MessageDao dao, Router router, SendPolicy policy,
                                barter.chat.abuse.FrankingTags franking, MessagingMetrics metrics,
                                java.time.Clock clock) {
        return new DurableMessageQueue(dao, router, policy, franking, metrics, clock);
    }
}
