package barter.chat.client;

import java.time.Instant;

/** A decrypted message whose sender's signature verified against their pinned key. */
public record IncomingMessage(long messageId, String from, String text, Instant sentAt) {
}
