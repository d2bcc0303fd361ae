package barter.chat.client;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.ServerFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection lifecycle: connect, retransmit pending sends, dispatch frames, reconnect with backoff as the close
 * code says ({@link Reconnect}). Everything runs on one event thread ({@code loop}), which is also the only writer to
 * the socket, so no state here is shared with other threads except the {@link Outbox} (thread-safe) and the
 * volatile fields.
 */
final class Session implements Connection.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final FrameCodec CODEC = new FrameCodec(Integer.MAX_VALUE);

    /** How this session reaches the server; fixed for its life. */
    record Transport(OkHttpClient http, ServerAddress server, Supplier<String> token, Duration timeout,
            int maxFrameBytes) {
    }

    private final ScheduledExecutorService loop;
    private final Transport transport;
    private final Backoff backoff;
    private final Outbox outbox;
    private final ChatListener events;
    private Inbox inbox;
    private volatile Connection current;
    private ScheduledFuture<?> retry;
    private int attempts;
    private volatile boolean wanted;

    Session(ScheduledExecutorService loop, Transport transport, Backoff backoff, Outbox outbox, ChatListener events) {
        this.loop = loop;
        this.transport = transport;
        this.backoff = backoff;
        this.outbox = outbox;
        this.events = events;
    }

    void attach(Inbox messages) {
        this.inbox = messages;
    }

    /** Starts (or resumes) connecting; idempotent. */
    void resume() {
        loop.execute(() -> {
            wanted = true;
            attempts = 0;
            connect();
        });
    }

    private void connect() {
        retry = null;
        if (!wanted || current != null) {
            return;
        }
        Transport t = transport;
        try {
            current = Connection.open(t.http(), t.server(), t.token().get(), t.timeout(), t.maxFrameBytes(), this);
        } catch (Connection.HandshakeRefused e) {
            after(Reconnect.forHandshakeStatus(e.status()), e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            after(-1, e.getMessage());
            return;
        }
        inbox.onReconnect();
        events.onEvent(new ChatEvent.Connected());
        for (Outbox.Pending p : outbox.all()) {
            transmit(p);
        }
    }

    /** Decides, by close code, whether and when to connect again. */
    private void after(int code, String reason) {
        Reconnect next = Reconnect.after(code);
        if (next == Reconnect.STOP) {
            LOG.warn("closed by the server ({} {}); not reconnecting until the app connects again", code, reason);
            wanted = false;
            events.onEvent(new ChatEvent.Disconnected(code, reason, null));
            return;
        }
        Duration delay = next == Reconnect.SLOW ? backoff.longest() : backoff.delay(attempts++);
        LOG.info("disconnected ({} {}); reconnecting in {} ms", code, reason, delay.toMillis());
        events.onEvent(new ChatEvent.Disconnected(code, reason, delay));
        retry = loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends (or re-sends) a pending message if connected; otherwise it goes out on the next connect. */
    void transmit(Outbox.Pending p) {
        write(new ClientFrame.Send(p.id(), p.to(), p.body(), p.commitment()));
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
            LOG.debug("write failed: {}", e.getMessage());
        }
    }

    void ack(long messageId) {
        write(new ClientFrame.Ack(Collections.singletonList(messageId)));
    }

    @Override
    public void onFrame(Connection connection, String text) {
        loop.execute(() -> {
            // A server that answers is healthy: back to the shortest backoff. Not at open, so a server that accepts
            // and closes at once (overloaded, misconfigured) sees the delays grow instead of a constant stream.
            attempts = 0;
            try {
                dispatch(CODEC.decodeServer(text));
            } catch (RuntimeException e) {
                LOG.warn("cannot handle a server frame", e);
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
        if (e.id() == null || !outbox.get(e.id()).isPresent()) {
            LOG.warn("server error {}: {}", e.error().wire(), e.message());
            events.onEvent(new ChatEvent.ServerError(e.error(), e.message()));
            return;
        }
        Outbox.Pending p = outbox.get(e.id()).get();
        // only these two are worth retrying (docs/protocol.md); recipient_full and codes this SDK does not know
        // (read as internal) fail the send, so the app decides
        if (e.error() == ErrorCode.RATE_LIMITED || e.error() == ErrorCode.UNAVAILABLE) {
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
            if (wanted) {
                after(code, reason);
            }
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
    void pause() {
        loop.execute(() -> {
            boolean was = wanted || current != null;
            wanted = false;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
            Connection c = current;
            current = null;
            if (c != null) {
                c.close();
            }
            if (was) {
                events.onEvent(new ChatEvent.Disconnected(1000, "closed by client", null));
            }
        });
    }
}
