package barter.chat.store;

/**
 * One row of a user's inbox: a message or a receipt, in delivery order ({@code seq}).
 *
 * @param entryId   the row's key in the store
 * @param seq       its place in the recipient's inbox: 1, 2, 3, ... without gaps, claimed in the transaction that
 *                  inserted it, so a recipient's entries commit in seq order on every store (0 until inserted)
 * @param messageId the message's id: for a message its own, for a receipt the id of the message it is about
 * @param peer      for a message its sender, for a receipt the user the message was sent to
 * @param clientId  the sender's client message id
 * @param body      base64 ciphertext of a message; null for a receipt
 * @param createdAt epoch ms: when the message was accepted, or when the receipt was made
 * @param commitment the sender's franking commitment (base64) of a franked message; null otherwise
 */
public record InboxEntry(long entryId, long seq, String recipient, Kind kind, long messageId, String peer, String clientId,
                         String body, long createdAt, String commitment) {

    /** An entry without a franking commitment: a receipt, or a message its sender did not frank. */
    public InboxEntry(long entryId, long seq, String recipient, Kind kind, long messageId, String peer, String clientId,
                      String body, long createdAt) {
        this(entryId, seq, recipient, kind, messageId, peer, clientId, body, createdAt, null);
    }

    /** The same entry as stored, with its row key and sequence number. */
    InboxEntry stored(long id, long sequence) {
        return new InboxEntry(id, sequence, recipient, kind, messageId, peer, clientId, body, createdAt, commitment);
    }

    /** The length of the base64 body (a byte per char in memory and on the wire); 0 for a receipt. */
    public int bodyBytes() {
        return body == null ? 0 : body.length();
    }

    /** What this entry weighs in memory, roughly. */
    public long weight() {
        return 128L + bodyBytes();
    }

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
