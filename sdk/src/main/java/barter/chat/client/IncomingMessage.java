package barter.chat.client;

import java.time.Instant;

/**
 * A decrypted message whose sender's signature verified against their pinned key.
 *
 * @param frankingKey base64 of the message's franking key when its sender franked it (its commitment opened to this
 *                    text), or null: pass the message to {@link ChatClient#report} to report it with proof
 */
public record IncomingMessage(long messageId, String from, String text, Instant sentAt, String frankingKey) {

    /** Whether a report of this message can prove its text ({@code evidenceVerified}). */
    public boolean isFranked() {
        return frankingKey != null;
    }
}
