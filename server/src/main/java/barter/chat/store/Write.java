package barter.chat.store;

import java.util.List;

/** A write to the message store; several are committed together in one transaction (group commit). */
public sealed interface Write permits Write.Accept, Write.Acknowledge, Write.Expire {

    /**
     * Store a send idempotently on (sender, clientId). With {@code deliver} false the send is recorded (so it is
     * answered and deduplicated) but nothing is queued for the recipient: the sender is blocked.
     */
    record Accept(String sender, String clientId, String recipient, String body, long now, boolean deliver,
                  Franked franked) implements Write {
        /** A send its client did not frank. */
        public Accept(String sender, String clientId, String recipient, String body, long now, boolean deliver) {
            this(sender, clientId, recipient, body, now, deliver, null);
        }

        String commitment() {
            return franked == null ? null : franked.commitment();
        }

        String frankingTag() {
            return franked == null ? null : franked.tag();
        }
    }

    /**
     * A franked send's commitment (base64, from the client) and the server's tag binding it to sender, recipient,
     * client id and time (base64; see {@code abuse.FrankingTags}). Both are stored with the send record; the
     * commitment also travels to the recipient.
     */
    record Franked(String commitment, String tag) {
    }

    /**
     * Deletes messages accepted before {@code cutoff} (at most {@code limit}), queueing an expired receipt for each
     * sender stamped {@code now}, and drops receipts and send records older than the cutoff. Through the same writer
     * as sends and acks, so every change to the inbox has one order.
     */
    record Expire(long cutoff, long now, int limit) implements Write {
    }

    /** The recipient acknowledges message ids: messages are deleted and turned into delivered receipts. */
    record Acknowledge(String recipient, List<Long> messageIds, long now) implements Write {
        public Acknowledge {
            messageIds = List.copyOf(messageIds);
        }
    }
}
