package barter.chat.bench;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

/**
 * One benchmark WebSocket connection. Frames arrive on Jetty's pool, one at a time per connection, and go to a
 * {@link Handler}; acks are batched ({@link #ack}, flushed when full or by {@link #flushAcks} on a timer).
 */
public final class Conn implements Session.Listener.AutoDemanding {
    interface Handler {
        void onFrame(Conn conn, String frame);

        default void onClose(Conn conn, int status, String reason) {
        }
    }

    final String userId;
    final int index;
    private final Handler handler;
    private final int ackBatch;
    private final long[] pendingAcks;
    private int pending;
    private volatile Session session;
    final CompletableFuture<Conn> queueEmpty = new CompletableFuture<>();
    volatile boolean closed;

    Conn(String userId, int index, Handler handler, int ackBatch) {
        this.userId = userId;
        this.index = index;
        this.handler = handler;
        this.ackBatch = ackBatch;
        this.pendingAcks = new long[Math.max(1, ackBatch)];
    }

    /** Connects with the token in the Authorization header; completes when the upgrade is done. */
    CompletableFuture<Conn> connect(Net net, String token) {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(net.ws());
        upgrade.setHeader("Authorization", "Bearer " + token);
        try {
            return net.socketsFor(index).connect(this, upgrade).thenApply(s -> this);
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String frame) {
        if (Wire.type(frame) == Wire.Type.QUEUE_EMPTY) {
            queueEmpty.complete(this);
        }
        handler.onFrame(this, frame);
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        closed = true;
        queueEmpty.completeExceptionally(new IllegalStateException("closed " + status + " " + reason));
        handler.onClose(this, status, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed = true;
        queueEmpty.completeExceptionally(cause);
    }

    void send(String text) {
        Session s = session;
        if (s != null && !closed) {
            s.sendText(text, Callback.NOOP);
        }
    }

    /** Queues an ack; sends the batch when it is full. */
    void ack(long messageId) {
        String frame = null;
        synchronized (this) {
            pendingAcks[pending++] = messageId;
            if (pending == pendingAcks.length) {
                frame = Wire.ack(pendingAcks, pending);
                pending = 0;
            }
        }
        if (frame != null) {
            send(frame);
        }
    }

    /** Sends the acks queued so far (called on a timer). */
    void flushAcks() {
        String frame = null;
        synchronized (this) {
            if (pending > 0) {
                frame = Wire.ack(pendingAcks, pending);
                pending = 0;
            }
        }
        if (frame != null) {
            send(frame);
        }
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, "bench done", Callback.NOOP);
        }
    }
}
