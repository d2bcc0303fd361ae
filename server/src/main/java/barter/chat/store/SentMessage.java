package barter.chat.store;

/**
 * The record of an accepted send, kept for the retention period. {@code relayed} is false for a send that was
 * accepted silently but never queued (the recipient had blocked the sender).
 */
public record SentMessage(long messageId, String sender, String recipient, long createdAt, boolean relayed) {
}
