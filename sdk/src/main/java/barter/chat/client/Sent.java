package barter.chat.client;

import java.time.Instant;

/** The server's word that a message is durable: {@code clientId} is the send's id, {@code messageId} the server's. */
public record Sent(String clientId, long messageId, Instant acceptedAt) {
}
