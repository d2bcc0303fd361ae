package barter.chat.http;

import barter.chat.connections.CloseReason;
import barter.chat.connections.Connection;
import barter.chat.connections.InboxListener;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over a Jetty WebSocket session. There is no writer thread: frames are encoded by the caller
 * and handed to Jetty at once (each caller's frames in its call order), and Jetty's write callback gives their bytes
 * back to the connection's outbound budget. No lock of ours is held while calling Jetty, so Jetty's callbacks can
 * never wait on a thread that waits on Jetty. The budget bounds what Jetty holds for this socket: the delivery stream waits
 * for room, ephemeral frames are dropped, and a client that reads nothing while the stream waits for longer than
 * the slow-consumer timeout is closed with 4429 (its messages stay stored).
 */
final class SocketConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);

    /** Told about every message frame written to the socket (metrics). */
    interface DeliveryObserver {
        void written(long acceptedAtMillis, boolean live);
    }

    private final String id;
    private final String userId;
    private final Session session;
    private final FrameCodec codec;
    private final DeliveryObserver observer;
    private final Consumer<CloseReason> closing;
    private final long budgetBytes;
    private final long slowConsumerNanos;
    private final Semaphore unansweredSends;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final AtomicLong outboundBytes = new AtomicLong();
    private volatile long lastWrittenNanos = System.nanoTime();
    private volatile boolean open = true;
    private volatile CloseReason closeReason;
    private volatile InboxListener inbox = InboxListener.NONE;
    private final UnackedIds unacked = new UnackedIds();

    SocketConnection(String id, String userId, Session session, FrameCodec codec, int queueFrames, long budgetBytes,
                     Duration slowConsumerTimeout, DeliveryObserver observer, Consumer<CloseReason> closing) {
        this.closing = closing;
        this.id = id;
        this.userId = userId;
        this.session = session;
        this.codec = codec;
        this.observer = observer;
        this.budgetBytes = budgetBytes;
        this.slowConsumerNanos = slowConsumerTimeout.toNanos();
        this.unansweredSends = new Semaphore(Math.max(1, queueFrames / 2));
    }

    /** Sets where inbox notices go; before the connection is registered. */
    void attach(InboxListener listener) {
        this.inbox = listener;
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
    public InboxListener inbox() {
        return inbox;
    }

    @Override
    public boolean send(ServerFrame frame) {
        String text = codec.encode(frame);
        if (!open || outboundBytes.get() + text.length() > budgetBytes) {
            return false;
        }
        hand(text, () -> { });
        return true;
    }

    /**
     * Answers are never dropped: their number is bounded by the send slots (at most half the outbound queue), so
     * they may go past the byte budget by that many small frames.
     */
    @Override
    public void answer(ServerFrame answer) {
        if (open) {
            hand(codec.encode(answer), unansweredSends::release);
        }
    }

    @Override
    public boolean awaitSendSlot() {
        try {
            while (open) {
                if (unansweredSends.tryAcquire(1, TimeUnit.SECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public boolean write(ServerFrame frame, boolean live) {
        String text = codec.encode(frame);
        long acceptedAt = frame instanceof ServerFrame.Message m ? m.ts() : -1;
        try {
            if (!awaitRoom()) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        switch (frame) {
            case ServerFrame.Message m -> unacked.written(m.messageId());
            case ServerFrame.Receipt r -> unacked.written(r.messageId());
            default -> { }
        }
        hand(text, acceptedAt < 0 ? () -> { } : () -> observer.written(acceptedAt, live));
        return true;
    }

    /** Splits an ack's ids into those this connection wrote and has not seen acked, and the others. */
    UnackedIds.Split acked(List<Long> ids) {
        return unacked.acked(ids);
    }

    /** Waits until the budget has room; closes a client that made no write progress for too long. */
    private boolean awaitRoom() throws InterruptedException {
        if (outboundBytes.get() < budgetBytes) {
            return open;
        }
        long waitingSince = System.nanoTime();
        lock.lock();
        try {
            while (open && outboundBytes.get() >= budgetBytes) {
                long waited = System.nanoTime() - Math.max(waitingSince, lastWrittenNanos);
                if (waited >= slowConsumerNanos) {
                    log.warn("connection {} of {}: nothing written for {} ms with {} bytes outstanding; closing as a "
                            + "slow consumer", id, userId, TimeUnit.NANOSECONDS.toMillis(waited), outboundBytes.get());
                    lock.unlock();
                    try {
                        close(CloseReason.SLOW_CONSUMER);
                    } finally {
                        lock.lock();
                    }
                    return false;
                }
                room.awaitNanos(slowConsumerNanos - waited);
            }
            return open;
        } finally {
            lock.unlock();
        }
    }

    private void hand(String text, Runnable written) {
        int bytes = text.length();
        outboundBytes.addAndGet(bytes);
        session.sendText(text, Callback.from(() -> {
            release(bytes);
            written.run();
        }, failure -> {
            release(bytes);
            closed();
        }));
    }

    private void release(int bytes) {
        outboundBytes.addAndGet(-bytes);
        lastWrittenNanos = System.nanoTime();
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** The reason the server closed this connection, or null if the client or the network did. */
    CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public void close(CloseReason reason) {
        lock.lock();
        try {
            if (!open) {
                return;
            }
            closeReason = reason;
            open = false;
            room.signalAll();
        } finally {
            lock.unlock();
        }
        // counted now: the close frame may wait behind unread bytes until the idle timeout
        closing.accept(reason);
        inbox.mayHaveMissed();
        session.close(reason.code(), reason.reason(), Callback.NOOP);
    }

    /** The socket is gone (closed by either side or failed): stop writing and let the delivery stream end. */
    void closed() {
        lock.lock();
        try {
            open = false;
            room.signalAll();
        } finally {
            lock.unlock();
        }
        inbox.mayHaveMissed();
    }
}
