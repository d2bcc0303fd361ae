package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.abuse.RateLimiter;
import barter.chat.auth.Principal;
import barter.chat.config.ChatConfig;
import barter.chat.connections.CloseReason;
import barter.chat.messaging.DeliveryStream;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.FrameCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1/ws} endpoint, on Jetty's WebSocket API directly (Javalin's does not surface pongs, which the
 * keepalive needs): checks at upgrade, the keepalive, and the registry of open sockets.
 *
 * <p>Keepalive: every ping interval each socket that has been silent (no frame, no pong) for longer than the idle
 * timeout is closed with 1001 ({@code ping_timeout}); the others are pinged. A healthy client answers pings
 * automatically, so only dead peers and frozen clients are dropped.
 */
final class ChatSocket implements JettyWebSocketCreator {
    private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);

    private final SocketServices services;
    private final ChatConfig.Transport transport;
    private final FrameCodec codec;
    private final ConnectionMetrics metrics;
    private final ScheduledExecutorService timers;
    private final Set<SocketEndpoint> open = ConcurrentHashMap.newKeySet();

    ChatSocket(SocketServices services, ChatConfig.Transport transport, FrameCodec codec, ConnectionMetrics metrics,
               ScheduledExecutorService timers) {
        this.services = services;
        this.transport = transport;
        this.codec = codec;
        this.metrics = metrics;
        this.timers = timers;
        long interval = transport.pingInterval().toMillis();
        timers.scheduleWithFixedDelay(this::keepAlive, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** At upgrade: connect rate per address, the node's connection cap, and a token in the header if one is sent. */
    @Override
    public Object createWebSocket(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response)
            throws IOException {
        try {
            services.limiter().check(RateLimiter.Limit.CONNECTS,
                    services.addresses().limitKey(request.getHttpServletRequest()));
            // sockets still authenticating count too: each holds a slot until its auth deadline
            if (Math.max(open.size(), services.connections().count()) >= transport.maxConnections()) {
                throw new ChatException(ErrorCode.UNAVAILABLE, "this node is at its connection limit; try another");
            }
            String header = request.getHeader("Authorization");
            return new SocketEndpoint(this, header == null ? null : services.tokens().verify(HttpApi.bearer(header)));
        } catch (ChatException e) {
            if (e.retryAfterMs() != null) {
                response.setHeader("Retry-After", Long.toString(Math.max(1, (e.retryAfterMs() + 999) / 1000)));
            }
            response.sendError(e.code().httpStatus(), e.code().wire() + ": " + e.getMessage());
            return null;
        }
    }

    void opened(SocketEndpoint endpoint) {
        open.add(endpoint);
    }

    void expectAuthentication(SocketEndpoint endpoint) {
        long seconds = transport.authTimeout().toSeconds();
        timers.schedule(() -> endpoint.authenticationDeadline(seconds), transport.authTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * An authenticated socket becomes the user's connection. Its delivery stream starts only once the connection can
     * be found by notices, so an entry committed between the stream's first read and the registration cannot be
     * missed.
     */
    SocketConnection register(String id, Principal principal, Session session, String authenticatedBy) {
        SocketConnection connection = new SocketConnection(id, principal.userId(), session, codec,
                transport.outboundQueueFrames(), transport.outboundBytes(), transport.slowConsumerTimeout(),
                services.messagingMetrics()::delivered, reason -> metrics.closed(reason.metricTag()));
        DeliveryStream stream = services.queue().stream(connection);
        connection.attach(stream);
        services.connections().add(connection);
        metrics.opened();
        log.info("connection {} opened for {} from {} (token in {})", id, principal.userId(),
                session.getRemoteSocketAddress(), authenticatedBy);
        stream.start();
        return connection;
    }

    void closed(SocketEndpoint endpoint, SocketConnection connection, int status, String reason) {
        open.remove(endpoint);
        if (connection == null) {
            return;
        }
        CloseReason serverReason = connection.closeReason();
        connection.closed();
        services.connections().remove(connection);
        String tag = serverReason != null ? serverReason.metricTag() : clientReason(status, reason);
        if (serverReason == null) {
            metrics.closed(tag); // a close the server decided was counted when it decided
        }
        log.info("connection {} of {} closed: {} {} ({})", connection.id(), connection.userId(), status, reason, tag);
    }

    private static String clientReason(int status, String reason) {
        if (reason != null && reason.toLowerCase().contains("idle timeout")) {
            return "ping_timeout";
        }
        return status == 1000 || status == 1001 ? "normal" : "error";
    }

    private void keepAlive() {
        long now = System.nanoTime();
        long timeout = transport.idleTimeout().toNanos();
        Instant wallClock = Instant.now();
        for (SocketEndpoint endpoint : open) {
            try {
                endpoint.keepAlive(now, timeout, wallClock);
            } catch (RuntimeException e) {
                log.warn("keepalive failed for a socket", e);
            }
        }
    }

    SocketServices services() {
        return services;
    }

    FrameCodec codec() {
        return codec;
    }
}
