package barter.chat.messaging;

/** Decides what happens to a send before it is stored: the recipient must exist and may have blocked the sender. */
public interface SendPolicy {

    enum Decision {
        /** Store and deliver. */
        DELIVER,
        /** Accept (so the sender learns nothing) but never deliver: the recipient blocked the sender. */
        ACCEPT_SILENTLY,
        /** Refuse with a {@code blocked} error: the block is revealed by configuration. */
        REFUSE_BLOCKED,
        /** Refuse with {@code unknown_user}: the recipient has published no keys. */
        UNKNOWN_RECIPIENT
    }

    Decision decide(String sender, String recipient);

    /**
     * Whether a typing notice from {@code sender} may reach {@code recipient} (if online). Only blocks matter: a
     * notice is never stored, so it needs no published keys, and not looking them up keeps typing at unknown users
     * from costing a database read each.
     */
    default boolean relaysTyping(String sender, String recipient) {
        return decide(sender, recipient) == Decision.DELIVER;
    }
}
