package barter.chat.store;

/**
 * The record of an accepted send, kept for the retention period. {@code relayed} is false for a send that was
 * accepted silently but never queued (the recipient had blocked the sender). {@code commitment} and
 * {@code frankingTag} are null unless the sender franked the message ({@link Write.Franked}).
 */
public record SentMessage(long messageId, String sender, String recipient, String clientId, long createdAt,
                          boolean relayed, String commitment, String frankingTag) {
}
