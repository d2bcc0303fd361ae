package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.abuse.RateLimiter;
import barter.chat.auth.Principal;
import barter.chat.connections.CloseReason;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.FrameException;
import barter.chat.protocol.ServerFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One WebSocket, from upgrade to close: authentication (at upgrade, or by a first {@code auth} frame), frame
 * decoding and dispatch, liveness (pongs), and cleanup. Jetty calls it one event at a time per socket. Public only
 * because Jetty binds the listener methods by reflection.
 */
public final class SocketEndpoint implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(SocketEndpoint.class);

    private final ChatSocket socket;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private volatile Principal principal;
    private volatile Session session;
    private volatile SocketConnection connection;
    private volatile long lastHeardNanos = System.nanoTime();

    SocketEndpoint(ChatSocket socket, Principal principal) {
        this.socket = socket;
        this.principal = principal;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        socket.opened(this);
        if (principal != null) {
            open(principal);
        } else {
            socket.expectAuthentication(this);
        }
    }

    private void open(Principal authenticated) {
        String how = principal == null ? "auth frame" : "header";
        principal = authenticated;
        connection = socket.register(id, authenticated, session, how);
    }

    @Override
    public void onWebSocketText(String text) {
        heard();
        SocketConnection current = connection;
        ClientFrame frame;
        try {
            frame = socket.codec().decodeClient(text);
        } catch (FrameException e) {
            socket.services().messagingMetrics().rejected(e.code().wire());
            if (current == null) {
                // not authenticated: one answer, then the socket goes, so a stranger cannot keep it busy
                refuse(e.code(), e.getMessage() + "; authenticate first with {\"type\":\"auth\",\"token\":\"...\"}",
                        "authentication required");
                return;
            }
            invalid(current, new ServerFrame.Error(e.clientId(), e.code(), e.getMessage()));
            return;
        }
        if (current == null) {
            authenticate(frame);
            return;
        }
        MDC.put("conn", id);
        try {
            dispatch(current, frame);
        } catch (ChatException e) {
            String clientId = frame instanceof ClientFrame.Send send ? send.id() : null;
            socket.services().messagingMetrics().rejected(e.code().wire());
            current.send(new ServerFrame.Error(clientId, e.code(), e.getMessage(), e.retryAfterMs()));
        } catch (RuntimeException e) {
            // a dependency failed (Redis for a rate limit, the database for a lookup): the frame fails, not the socket
            String clientId = frame instanceof ClientFrame.Send send ? send.id() : null;
            log.warn("connection {} of {}: {} frame failed on a dependency: {}", id, current.userId(),
                    frame.getClass().getSimpleName(), e.toString());
            socket.services().messagingMetrics().rejected(ErrorCode.UNAVAILABLE.wire());
            current.send(new ServerFrame.Error(clientId, ErrorCode.UNAVAILABLE,
                    "temporarily unavailable; send it again with the same id"));
        } finally {
            MDC.remove("conn");
        }
    }

    private void dispatch(SocketConnection current, ClientFrame frame) {
        switch (frame) {
            case ClientFrame.Send send -> {
                socket.services().limiter().check(RateLimiter.Limit.MESSAGES, current.userId());
                if (current.awaitSendSlot()) {
                    socket.services().queue().accept(current, send);
                }
            }
            case ClientFrame.Ack ack -> acknowledge(current, ack.ids());
            case ClientFrame.Typing typing -> {
                // before the recipient's keys and blocks are looked up: a flood costs no database reads
                socket.services().limiter().check(RateLimiter.Limit.TYPING, current.userId());
                socket.services().queue().typing(current, typing.to());
            }
            case ClientFrame.Auth _ ->
                    throw new ChatException(ErrorCode.INVALID_FRAME, "this connection is already authenticated");
        }
    }

    /**
     * Ids this connection delivered go to the writer free; others are charged to the {@code acks} limit, and past it
     * they are dropped with a {@code rate_limited} error (the delivered ones are still acked).
     */
    private void acknowledge(SocketConnection current, List<Long> ids) {
        UnackedIds.Split split = current.acked(ids);
        List<Long> acked = new ArrayList<>(split.delivered());
        ChatException refused = null;
        if (!split.others().isEmpty()) {
            try {
                socket.services().limiter().check(RateLimiter.Limit.ACKS, current.userId(), split.others().size());
                acked.addAll(split.others());
            } catch (ChatException e) {
                refused = e;
            } catch (RuntimeException e) {
                log.warn("connection {} of {}: the acks limit could not be checked; {} ids not delivered here are "
                        + "dropped: {}", id, current.userId(), split.others().size(), e.toString());
                refused = new ChatException(ErrorCode.UNAVAILABLE,
                        "temporarily unavailable; ids not delivered on this connection were not acked");
            }
        }
        if (!acked.isEmpty()) {
            socket.services().queue().acknowledge(current, acked);
        }
        if (refused != null) {
            throw refused;
        }
    }

    private void authenticate(ClientFrame frame) {
        if (!(frame instanceof ClientFrame.Auth auth)) {
            refuse("authenticate first with {\"type\":\"auth\",\"token\":\"...\"}", "authentication required");
            return;
        }
        try {
            open(socket.services().tokens().verify(auth.token()));
        } catch (ChatException e) {
            refuse(e.getMessage(), "unauthorized");
        }
    }

    private void refuse(String message, String closeReason) {
        refuse(ErrorCode.UNAUTHORIZED, message, closeReason);
    }

    private void refuse(ErrorCode code, String message, String closeReason) {
        sendDirect(new ServerFrame.Error(null, code, message));
        session.close(CloseReason.POLICY.code(), closeReason, Callback.NOOP);
    }

    /** Before authentication there is no connection (and no writer): a frame or two go straight to Jetty. */
    private void sendDirect(ServerFrame frame) {
        session.sendText(socket.codec().encode(frame), Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        heard();
        callback.succeed();
        if (connection == null) {
            refuse(ErrorCode.INVALID_FRAME, "binary frames are not supported; authenticate with a JSON text frame",
                    "authentication required");
            return;
        }
        invalid(connection, new ServerFrame.Error(null, ErrorCode.INVALID_FRAME,
                "binary frames are not supported; send JSON text"));
    }

    /**
     * Answers an invalid frame, or, past the {@code invalid} limit, closes the connection (1008): answering a flood
     * of garbage one error frame each would let a client make the server do work at no cost of its own.
     */
    private void invalid(SocketConnection current, ServerFrame.Error answer) {
        try {
            socket.services().limiter().check(RateLimiter.Limit.INVALID, current.userId());
        } catch (ChatException e) {
            log.info("connection {} of {}: too many invalid frames; closing", id, current.userId());
            current.close(CloseReason.INVALID_FRAMES);
            return;
        } catch (RuntimeException e) {
            // the limit's store (Redis) failed: answer the frame anyway rather than fail the socket
            log.warn("connection {} of {}: the invalid-frame limit could not be checked: {}", id, current.userId(),
                    e.toString());
        }
        current.send(answer);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        heard();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        heard();
        // overriding this method turns Jetty's automatic pong off; RFC 6455 5.5.2 requires one
        Session current = session;
        if (current != null && current.isOpen()) {
            current.sendPong(payload, Callback.NOOP);
        }
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /**
     * Called every ping interval: closes a socket whose token expired (1008) or that was silent for longer than
     * {@code timeoutNanos}, else pings it.
     */
    void keepAlive(long nowNanos, long timeoutNanos, Instant now) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return;
        }
        SocketConnection authenticated = connection;
        Principal user = principal;
        if (authenticated != null && user != null && user.expiredAt(now)) {
            log.info("connection {} of {}: token expired at {}; closing", id, user.userId(), user.expiresAt());
            authenticated.close(CloseReason.TOKEN_EXPIRED);
            return;
        }
        if (nowNanos - lastHeardNanos > timeoutNanos) {
            SocketConnection open = connection;
            if (open != null) {
                open.close(CloseReason.PING_TIMEOUT);
            } else {
                current.close(CloseReason.PING_TIMEOUT.code(), CloseReason.PING_TIMEOUT.reason(), Callback.NOOP);
            }
            return;
        }
        current.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }

    /** Closes the socket if no connection was authenticated by now (the auth frame deadline). */
    void authenticationDeadline(long seconds) {
        Session current = session;
        if (connection == null && current != null && current.isOpen()) {
            current.close(CloseReason.POLICY.code(),
                    "authentication required: send an auth frame within " + seconds + " s", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        socket.closed(this, connection, status, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("websocket error on connection {}: {}", id, cause.toString());
    }
}
