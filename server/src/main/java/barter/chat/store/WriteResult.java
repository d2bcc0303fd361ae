package barter.chat.store;

import java.util.List;

/** The outcome of one {@link Write}, in the order the writes were given. */
public sealed interface WriteResult permits WriteResult.Accepted, WriteResult.RecipientFull, WriteResult.Acknowledged,
        WriteResult.Expired {

    /**
     * @param stored the inbox entry queued for the recipient; null for a repeated send or a blocked sender
     */
    record Accepted(long messageId, long ts, boolean duplicate, InboxEntry stored) implements WriteResult {
    }

    /**
     * The send was refused because its recipient's inbox holds its {@link InboxQuota}: nothing was stored, so the
     * client id stays free for a later attempt.
     */
    record RecipientFull(String recipient, InboxQuota.Usage usage) implements WriteResult {
    }

    /**
     * @param acked    the message rows deleted by this ack (their {@code createdAt} is the accept time)
     * @param receipts the delivered receipts queued for the senders of those messages
     */
    record Acknowledged(List<InboxEntry> acked, List<InboxEntry> receipts) implements WriteResult {
    }

    record Expired(Expiry expiry) implements WriteResult {
    }
}
