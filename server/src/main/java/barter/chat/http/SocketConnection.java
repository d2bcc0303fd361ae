package barter.chat.http;

import barter.chat.connections.CloseReason;
import barter.chat.connections.Connection;
import barter.chat.connections.DeliveryGate;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.ServerFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over a Jetty WebSocket session. Frames are encoded by the caller's thread into a bounded
 * queue; one virtual thread per socket writes them, with a bounded number of writes in flight. A full queue means the
 * client is not reading: the socket is closed as a slow consumer and its messages stay stored.
 */
final class SocketConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);
    private static final int IN_FLIGHT = 64;

    /**
     * @param messageAcceptedAt accept time of a message frame, -1 for other frames
     * @param answer            the answer to a send: its slot is freed once the frame leaves the queue
     */
    private record Outbound(String text, long messageAcceptedAt, boolean live, boolean answer) {
    }

    /** Told about every message frame written to the socket (metrics). */
    interface DeliveryObserver {
        void written(long acceptedAtMillis, boolean live);
    }

    private final String id;
    private final String userId;
    private final Session session;
    private final FrameCodec codec;
    private final DeliveryObserver observer;
    private final BlockingQueue<Outbound> queue;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Semaphore unansweredSends;
    private final DeliveryGate gate = new DeliveryGate();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile CloseReason closeReason;
    private final Thread writer;

    SocketConnection(String id, String userId, Session session, FrameCodec codec, int queueFrames,
                     DeliveryObserver observer) {
        this.id = id;
        this.userId = userId;
        this.session = session;
        this.codec = codec;
        this.observer = observer;
        this.queue = new ArrayBlockingQueue<>(queueFrames);
        // half the queue: answers to sends can never fill it alone, live messages and receipts keep the rest
        this.unansweredSends = new Semaphore(Math.max(1, queueFrames / 2));
        this.writer = Thread.ofVirtual().name("ws-writer-" + id).start(this::writeLoop);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public boolean send(ServerFrame frame) {
        return open.get() && offer(outbound(frame, false));
    }

    private boolean offer(Outbound outbound) {
        if (!open.get()) {
            return false;
        }
        if (!queue.offer(outbound)) {
            log.warn("connection {} of {}: outbound queue full, closing as slow consumer", id, userId);
            close(CloseReason.SLOW_CONSUMER);
            return false;
        }
        return true;
    }

    @Override
    public boolean awaitSendSlot() {
        try {
            while (open.get()) {
                if (unansweredSends.tryAcquire(1, TimeUnit.SECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * The slot is freed only when the answer leaves the outbound queue, so sends in flight plus answers waiting to
     * be written never exceed half the queue, however slowly the socket drains.
     */
    @Override
    public void answer(ServerFrame answer) {
        offer(new Outbound(codec.encode(answer), -1, false, true));
    }

    @Override
    public boolean sendWaiting(ServerFrame frame) {
        Outbound outbound = outbound(frame, false);
        try {
            while (open.get()) {
                if (queue.offer(outbound, 1, TimeUnit.SECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * @param live a message pushed as it was accepted: its delivery latency is measured. Backlog messages are not,
     *             or a user who was offline for a day would read as a day of latency.
     */
    private Outbound outbound(ServerFrame frame, boolean live) {
        long acceptedAt = frame instanceof ServerFrame.Message m ? m.ts() : -1;
        return new Outbound(codec.encode(frame), acceptedAt, live, false);
    }

    @Override
    public void deliver(long entryId, ServerFrame frame) {
        gate.deliver(entryId, frame, this::sendLive);
    }

    @Override
    public long lastEntryId() {
        return gate.lastEntryId();
    }

    @Override
    public void backlogSent(long lastEntryId) {
        gate.backlogSent(lastEntryId, this::sendLive);
    }

    @Override
    public void holdForCatchUp() {
        gate.holdForCatchUp();
    }

    @Override
    public void caughtUp() {
        gate.caughtUp(this::sendLive);
    }

    private boolean sendLive(ServerFrame frame) {
        return offer(outbound(frame, true));
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    /** The reason the server closed this connection, or null if the client or the network did. */
    CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public void close(CloseReason reason) {
        if (open.compareAndSet(true, false)) {
            closeReason = reason;
            session.close(reason.code(), reason.reason(), Callback.NOOP);
        }
    }

    /** The socket is gone (closed by either side or failed): stop writing. */
    void closed() {
        open.set(false);
    }

    /**
     * Polls rather than being interrupted: Jetty may run close callbacks (and so our onClose, which talks to
     * Redis in cluster mode) on this very thread, and an interrupt would break those calls.
     */
    private void writeLoop() {
        try {
            while (open.get()) {
                Outbound next = queue.poll(1, TimeUnit.SECONDS);
                if (next != null && next.answer()) {
                    unansweredSends.release();
                }
                if (next == null || !acquireWriteSlot()) {
                    continue;
                }
                session.sendText(next.text(), Callback.from(() -> {
                    inFlight.release();
                    if (next.messageAcceptedAt() >= 0) {
                        observer.written(next.messageAcceptedAt(), next.live());
                    }
                }, failure -> {
                    inFlight.release();
                    closed();
                }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // closed: frames still queued are stored in the database (or ephemeral) and are dropped here
    }

    private boolean acquireWriteSlot() throws InterruptedException {
        while (open.get()) {
            if (inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                return true;
            }
        }
        return false;
    }
}
