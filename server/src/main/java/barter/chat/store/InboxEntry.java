package barter.chat.store;

/**
 * One row of a user's inbox: a message or a receipt, in delivery order ({@code entryId}).
 *
 * @param messageId the message's id: for a message its own, for a receipt the id of the message it is about
 * @param peer      for a message its sender, for a receipt the user the message was sent to
 * @param clientId  the sender's client message id
 * @param body      base64 ciphertext of a message; null for a receipt
 * @param createdAt epoch ms: when the message was accepted, or when the receipt was made
 */
public record InboxEntry(long entryId, String recipient, Kind kind, long messageId, String peer, String clientId,
                         String body, long createdAt) {

    public enum Kind {
        MESSAGE, DELIVERED, EXPIRED;

        static Kind of(int code) {
            return values()[code];
        }

        int code() {
            return ordinal();
        }
    }
}
