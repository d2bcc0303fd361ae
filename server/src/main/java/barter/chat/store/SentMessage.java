package barter.chat.store;

/** The record of an accepted send, kept for the retention period. */
public record SentMessage(long messageId, String sender, String recipient, long createdAt) {
}
