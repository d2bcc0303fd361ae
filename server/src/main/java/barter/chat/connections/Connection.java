package barter.chat.connections;

import barter.chat.protocol.ServerFrame;

/**
 * One authenticated WebSocket of a user. Thread-safe: any thread may send; frames are written by the connection's
 * single writer, in the order they were queued.
 *
 * <p>Stored inbox entries go through {@link #deliver}, which keeps entry order across the backlog drain: while the
 * backlog is being sent, live entries are held back, and afterwards entries already sent from the backlog are
 * dropped, so every entry reaches this socket once and in order.
 */
public interface Connection {

    /** Short random id for logs and metrics correlation. */
    String id();

    String userId();

    /**
     * Queues a frame without blocking. When the outbound queue is full the connection is closed as a slow consumer
     * (stored messages stay stored) and false is returned; false also when already closed.
     */
    boolean send(ServerFrame frame);

    /**
     * Waits while the connection has its limit of sends not yet answered, then takes a slot; false when the
     * connection closed meanwhile. Called by the reader before handing a send on, so a client that pipelines
     * faster than the store commits is slowed down (TCP backpressure) instead of overflowing its outbound queue
     * with answers.
     */
    boolean awaitSendSlot();

    /** Queues the one answer to a send ({@code accepted} or an error) and frees its slot. */
    void answer(ServerFrame answer);

    /** Queues a frame, waiting for room; false when the connection closed meanwhile. For the backlog drain. */
    boolean sendWaiting(ServerFrame frame);

    /** Delivers a stored inbox entry (see the class comment). */
    void deliver(long entryId, ServerFrame frame);

    /** The newest stored entry this connection has sent; entries after it may still be waiting in the store. */
    long lastEntryId();

    /** Ends the backlog drain: held-back entries newer than {@code lastEntryId} are sent, the rest dropped. */
    void backlogSent(long lastEntryId);

    /** Pub/sub pushes may have been lost: hold live entries until {@link #caughtUp()} (see {@link DeliveryGate}). */
    void holdForCatchUp();

    /** The catch-up after an outage has delivered what the store held; held entries go out in order. */
    void caughtUp();

    boolean isOpen();

    /** Closes the socket with the reason's code; idempotent. */
    void close(CloseReason reason);
}
