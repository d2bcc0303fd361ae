package barter.chat.http;

import barter.chat.abuse.RateLimiter;
import barter.chat.auth.TokenVerifier;
import barter.chat.connections.ConnectionManager;
import barter.chat.messaging.MessageQueue;
import barter.chat.messaging.MessagingMetrics;

/**
 * What the WebSocket endpoint needs from the rest of the service; {@code addresses} names the source address that
 * per-address limits count, for the routes too.
 */
public record SocketServices(TokenVerifier tokens, ConnectionManager connections, MessageQueue queue,
                             RateLimiter limiter, ClientAddresses addresses, MessagingMetrics messagingMetrics) {
}
