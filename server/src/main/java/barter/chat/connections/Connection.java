package barter.chat.connections;

import barter.chat.protocol.ServerFrame;

/**
 * One authenticated WebSocket of a user. Thread-safe. Memory is bounded in bytes: frames handed to the socket and
 * not yet written never exceed the connection's outbound budget by more than one frame (docs/operations.md,
 * "Delivery").
 *
 * <p>Inbox entries reach the socket only through the connection's delivery stream, which reads them from the store
 * and {@link #write}s them in order; others tell the stream about new entries through {@link #inbox()}.
 */
public interface Connection {

    /** Short random id for logs and metrics correlation. */
    String id();

    String userId();

    /**
     * Queues an ephemeral frame (typing, an error) without blocking; dropped (false) when the outbound budget is
     * used up or the connection is closed. Nothing stored is ever sent this way.
     */
    boolean send(ServerFrame frame);

    /**
     * Waits while the connection has its limit of sends not yet answered, then takes a slot; false when the
     * connection closed meanwhile. Called by the reader before handing a send on, so a client that pipelines
     * faster than it reads its answers is slowed down (TCP backpressure) instead of growing the server's memory.
     */
    boolean awaitSendSlot();

    /** Queues the one answer to a send ({@code accepted} or an error); its slot is freed once it is written. */
    void answer(ServerFrame answer);

    /**
     * Writes a frame of the delivery stream, waiting while the outbound budget is used up; closes the connection as
     * a slow consumer (4429) when the client reads nothing for the slow-consumer timeout. False when closed.
     *
     * @param live the entry was written as it arrived (its delivery latency is measured), not from a backlog
     */
    boolean write(ServerFrame frame, boolean live);

    /** Where notices about this user's inbox go (its delivery stream). */
    InboxListener inbox();

    boolean isOpen();

    /** Closes the socket with the reason's code; idempotent. */
    void close(CloseReason reason);
}
