package barter.chat.chaos;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket connection of one user. Jetty calls it on its own threads; it only time-stamps each frame and hands
 * it to its owner's inbox, so the owner's single loop does all the work, and it records when it opened and ended.
 * Public only because Jetty looks the listener methods up reflectively.
 */
public final class Link implements Session.Listener.AutoDemanding {
    /** A decoded frame, with the history time it arrived at. */
    record Frame(Link link, long at, Inbound inbound) {
    }

    final String user;
    final int number;
    final String node;
    private final BlockingQueue<Frame> inbox;
    private final History history;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Session session;
    private volatile long lastHeardNanos = System.nanoTime();

    Link(String user, int number, String node, BlockingQueue<Frame> inbox, History history) {
        this.user = user;
        this.number = number;
        this.node = node;
        this.inbox = inbox;
        this.history = history;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        history.add(new Event.Connect(history.now(), user, number, node));
    }

    @Override
    public void onWebSocketText(String text) {
        lastHeardNanos = System.nanoTime();
        inbox.add(new Frame(this, history.now(), Inbound.decode(text)));
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastHeardNanos = System.nanoTime();
    }

    /** The server's keepalive ping counts as hearing from it; overriding this turns off Jetty's own pong. */
    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        lastHeardNanos = System.nanoTime();
        Session s = session;
        if (s != null) {
            s.sendPong(payload, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        end("closed " + status + (reason == null || reason.isEmpty() ? "" : " " + reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        end("error " + cause);
    }

    boolean ended() {
        return ended.get();
    }

    long silentMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    }

    /** Sends a text frame; a failed write ends the link, and the owner reconnects. */
    void send(String text) {
        Session s = session;
        if (s != null && !ended()) {
            s.sendText(text, Callback.from(() -> { }, failure -> abort("write failed: " + failure)));
        }
    }

    void ping() {
        Session s = session;
        if (s != null && !ended()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    /** Drops the connection at once (no close handshake), as a client that lost the network would. */
    void abort(String why) {
        Session s = session;
        end(why);
        if (s != null) {
            s.disconnect();
        }
    }

    void close() {
        Session s = session;
        end("closed by the client");
        if (s != null && s.isOpen()) {
            s.close(1000, "done", Callback.NOOP);
        }
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true) && session != null) {
            history.add(new Event.Disconnect(history.now(), user, number, why));
        }
    }
}
