package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.abuse.RateLimiter;
import barter.chat.auth.Principal;
import barter.chat.config.ChatConfig;
import barter.chat.connections.CloseReason;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.FrameException;
import barter.chat.protocol.ServerFrame;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The {@code /v1/ws} endpoint: authentication (header at upgrade, or a first {@code auth} frame), frame decoding,
 * dispatch to the message queue, and connection lifecycle. Bad frames get an error frame; the socket stays usable.
 */
final class ChatSocket {
    private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
    private static final String PRINCIPAL = "chat.principal";
    private static final String CONNECTION = "chat.connection";

    private final SocketServices services;
    private final ChatConfig.Transport transport;
    private final FrameCodec codec;
    private final ConnectionMetrics metrics;
    private final ScheduledExecutorService timers;

    ChatSocket(SocketServices services, ChatConfig.Transport transport, FrameCodec codec, ConnectionMetrics metrics,
               ScheduledExecutorService timers) {
        this.services = services;
        this.transport = transport;
        this.codec = codec;
        this.metrics = metrics;
        this.timers = timers;
    }

    /** Before the upgrade: a present Authorization header must be valid (401 otherwise); connects are limited. */
    void beforeUpgrade(Context ctx) {
        services.limiter().check(RateLimiter.Limit.CONNECTS, ctx.ip());
        if (services.connections().count() >= transport.maxConnections()) {
            throw new ChatException(ErrorCode.UNAVAILABLE, "this node is at its connection limit; try another");
        }
        String header = ctx.header("Authorization");
        if (header != null) {
            ctx.attribute(PRINCIPAL, services.tokens().verify(HttpApi.bearer(header)));
        }
    }

    void configure(WsConfig ws) {
        ws.onConnect(this::onConnect);
        ws.onMessage(this::onMessage);
        ws.onClose(this::onClose);
        ws.onError(this::onError);
    }

    private void onConnect(WsConnectContext ctx) {
        ctx.enableAutomaticPings(transport.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal != null) {
            open(ctx, principal);
            return;
        }
        timers.schedule(() -> {
            if (ctx.attribute(CONNECTION) == null && ctx.session.isOpen()) {
                ctx.closeSession(CloseReason.POLICY.code(), "authentication required: send an auth frame within "
                        + transport.authTimeout().toSeconds() + " s");
            }
        }, transport.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void open(WsContext ctx, Principal principal) {
        SocketConnection connection = new SocketConnection(ctx.sessionId().substring(0, 8), principal.userId(),
                ctx.session, codec, transport.outboundQueueFrames(), services.messagingMetrics()::delivered);
        ctx.attribute(CONNECTION, connection);
        services.connections().add(connection);
        metrics.opened();
        log.info("connection {} opened for {}", connection.id(), principal.userId());
        Thread.ofVirtual().name("backlog-" + connection.id()).start(() -> drain(connection));
    }

    private void drain(SocketConnection connection) {
        try {
            services.queue().drainBacklog(connection);
        } catch (RuntimeException e) {
            log.error("connection {} of {}: backlog drain failed; closing so the client reconnects",
                    connection.id(), connection.userId(), e);
            connection.close(CloseReason.SHUTDOWN);
        }
    }

    private void onMessage(WsMessageContext ctx) {
        SocketConnection connection = ctx.attribute(CONNECTION);
        ClientFrame frame;
        try {
            frame = codec.decodeClient(ctx.message());
        } catch (FrameException e) {
            services.messagingMetrics().rejected(e.code().wire());
            reply(ctx, connection, new ServerFrame.Error(e.clientId(), e.code(), e.getMessage()));
            return;
        }
        if (connection == null) {
            authenticate(ctx, frame);
            return;
        }
        try {
            MDC.put("conn", connection.id());
            dispatch(connection, frame);
        } catch (ChatException e) {
            String id = frame instanceof ClientFrame.Send s ? s.id() : null;
            services.messagingMetrics().rejected(e.code().wire());
            connection.send(new ServerFrame.Error(id, e.code(), e.getMessage(), e.retryAfterMs()));
        } finally {
            MDC.remove("conn");
        }
    }

    private void dispatch(SocketConnection connection, ClientFrame frame) {
        switch (frame) {
            case ClientFrame.Send send -> {
                services.limiter().check(RateLimiter.Limit.MESSAGES, connection.userId());
                if (connection.awaitSendSlot()) {
                    services.queue().accept(connection, send);
                }
            }
            case ClientFrame.Ack ack -> services.queue().acknowledge(connection, ack.ids());
            case ClientFrame.Typing typing -> services.queue().typing(connection, typing.to());
            case ClientFrame.Auth _ ->
                    throw new ChatException(ErrorCode.INVALID_FRAME, "this connection is already authenticated");
        }
    }

    private void authenticate(WsMessageContext ctx, ClientFrame frame) {
        if (!(frame instanceof ClientFrame.Auth auth)) {
            ctx.send(codec.encode(new ServerFrame.Error(null, ErrorCode.UNAUTHORIZED,
                    "authenticate first with {\"type\":\"auth\",\"token\":\"...\"}")));
            ctx.closeSession(CloseReason.POLICY.code(), "authentication required");
            return;
        }
        try {
            open(ctx, services.tokens().verify(auth.token()));
        } catch (ChatException e) {
            ctx.send(codec.encode(new ServerFrame.Error(null, ErrorCode.UNAUTHORIZED, e.getMessage())));
            ctx.closeSession(CloseReason.POLICY.code(), "unauthorized");
        }
    }

    private void reply(WsContext ctx, SocketConnection connection, ServerFrame frame) {
        if (connection != null) {
            connection.send(frame);
        } else {
            ctx.send(codec.encode(frame));
        }
    }

    private void onClose(WsCloseContext ctx) {
        SocketConnection connection = ctx.attribute(CONNECTION);
        if (connection == null) {
            return;
        }
        CloseReason serverReason = connection.closeReason();
        connection.closed();
        services.connections().remove(connection);
        String reason = serverReason != null ? serverReason.metricTag() : clientReason(ctx);
        metrics.closed(reason);
        log.info("connection {} of {} closed: {} {} ({})", connection.id(), connection.userId(), ctx.status(),
                ctx.reason(), reason);
    }

    private static String clientReason(WsCloseContext ctx) {
        String text = ctx.reason() == null ? "" : ctx.reason();
        if (text.toLowerCase().contains("idle timeout")) {
            return "ping_timeout";
        }
        return ctx.status() == 1000 || ctx.status() == 1001 ? "normal" : "error";
    }

    private void onError(WsErrorContext ctx) {
        SocketConnection connection = ctx.attribute(CONNECTION);
        log.debug("websocket error on connection {}: {}", connection == null ? "(unauthenticated)" : connection.id(),
                ctx.error().toString());
    }
}
