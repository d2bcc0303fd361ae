package barter.chat.client;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.ServerFrame;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The connection lifecycle: connect, retransmit pending sends, dispatch frames, reconnect with backoff. Everything
 * runs on one event thread ({@code loop}), which is also the only writer to the socket, so no state here is shared
 * with other threads except the {@link Outbox} (thread-safe) and the volatile {@code closed} flag.
 */
final class Session implements Connection.Sink {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    /** Close code of a connection displaced by a newer one of the same user; reconnecting would fight it. */
    static final int DISPLACED = 4409;
    /** Close code of a suspended account; reconnecting cannot help. */
    static final int SUSPENDED = 4403;
    private static final FrameCodec CODEC = new FrameCodec(Integer.MAX_VALUE);

    private final ScheduledExecutorService loop;
    private final HttpClient http;
    private final URI uri;
    private final Supplier<String> token;
    private final Duration timeout;
    private final Backoff backoff;
    private final Outbox outbox;
    private final ChatListener events;
    private Inbox inbox;
    private volatile Connection current;
    private int attempts;
    private volatile boolean closed;

    Session(ScheduledExecutorService loop, HttpClient http, URI uri, Supplier<String> token, Duration timeout,
            Backoff backoff, Outbox outbox, ChatListener events) {
        this.loop = loop;
        this.http = http;
        this.uri = uri;
        this.token = token;
        this.timeout = timeout;
        this.backoff = backoff;
        this.outbox = outbox;
        this.events = events;
    }

    void start(Inbox messages) {
        this.inbox = messages;
        loop.execute(this::connect);
    }

    private void connect() {
        if (closed || current != null) {
            return;
        }
        try {
            current = Connection.open(http, uri, token.get(), timeout, this);
        } catch (IOException | RuntimeException e) {
            retryLater(-1, e.getMessage());
            return;
        }
        attempts = 0;
        inbox.onReconnect();
        events.onEvent(new ChatEvent.Connected());
        for (Outbox.Pending p : outbox.all()) {
            transmit(p);
        }
    }

    private void retryLater(int code, String reason) {
        Duration delay = backoff.delay(attempts++);
        LOG.log(Level.INFO, "disconnected ({0} {1}); reconnecting in {2} ms", code, reason, delay.toMillis());
        events.onEvent(new ChatEvent.Disconnected(code, reason, delay));
        loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends (or re-sends) a pending message if connected; otherwise it goes out on the next connect. */
    void transmit(Outbox.Pending p) {
        write(new ClientFrame.Send(p.id(), p.to(), p.body()));
    }

    void write(ClientFrame frame) {
        Connection c = current;
        if (c == null) {
            return;
        }
        try {
            c.send(CODEC.encode(frame));
        } catch (IOException e) {
            // The connection's close callback schedules the reconnect; unacked work is redone after it.
            LOG.log(Level.DEBUG, "write failed: {0}", e.getMessage());
        }
    }

    void ack(long messageId) {
        write(new ClientFrame.Ack(List.of(messageId)));
    }

    @Override
    public void onFrame(Connection connection, String text) {
        loop.execute(() -> {
            try {
                dispatch(CODEC.decodeServer(text));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot handle a server frame", e);
            } finally {
                connection.requestNext();
            }
        });
    }

    private void dispatch(ServerFrame frame) {
        if (frame instanceof ServerFrame.Accepted a) {
            outbox.accepted(a);
        } else if (frame instanceof ServerFrame.Message m) {
            if (inbox.onMessage(m) == Inbox.Outcome.RETRY_LATER) {
                loop.schedule(() -> dispatch(m), backoff.delay(0).toMillis(), TimeUnit.MILLISECONDS);
            }
        } else if (frame instanceof ServerFrame.Receipt r) {
            inbox.onReceipt(r);
        } else if (frame instanceof ServerFrame.QueueEmpty) {
            events.onEvent(new ChatEvent.QueueDrained());
        } else if (frame instanceof ServerFrame.Typing t) {
            events.onEvent(new ChatEvent.Typing(t.from()));
        } else if (frame instanceof ServerFrame.Error e) {
            onError(e);
        }
    }

    private void onError(ServerFrame.Error e) {
        if (e.id() == null || outbox.get(e.id()).isEmpty()) {
            LOG.log(Level.WARNING, "server error {0}: {1}", e.error().wire(), e.message());
            events.onEvent(new ChatEvent.ServerError(e.error(), e.message()));
            return;
        }
        Outbox.Pending p = outbox.get(e.id()).get();
        if (e.error() == ErrorCode.RATE_LIMITED || e.error() == ErrorCode.UNAVAILABLE
                || e.error() == ErrorCode.INTERNAL) {
            long wait = e.retryAfterMs() != null ? e.retryAfterMs() : backoff.delay(0).toMillis();
            loop.schedule(() -> transmit(p), wait, TimeUnit.MILLISECONDS);
        } else {
            outbox.failed(p.id(), new ServerException(e.error(), e.message()));
        }
    }

    @Override
    public void onClosed(Connection connection, int code, String reason) {
        loop.execute(() -> {
            if (connection != current) {
                return;
            }
            current = null;
            if (closed) {
                return;
            }
            if (code == DISPLACED || code == SUSPENDED) {
                LOG.log(Level.WARNING, "closed by the server ({0} {1}); not reconnecting", code, reason);
                events.onEvent(new ChatEvent.Disconnected(code, reason, null));
                return;
            }
            retryLater(code, reason);
        });
    }

    /** Runs again the messages held for {@code peer}'s key change, now that its new key is pinned. */
    void replayHeld(String peer) {
        loop.execute(() -> inbox.release(peer).forEach(this::dispatch));
    }

    boolean isConnected() {
        return current != null;
    }

    /** Stops reconnecting and closes the connection; runs on the loop so it orders after queued work. */
    void close() {
        closed = true;
        loop.execute(() -> {
            Connection c = current;
            current = null;
            if (c != null) {
                c.close();
            }
            events.onEvent(new ChatEvent.Disconnected(1000, "closed by client", null));
        });
    }
}
