package barter.chat.chaos;

/**
 * One observation in a run's history, as a client or the nemesis saw it. {@code at} is milliseconds since the run
 * started ({@link History#now()}); within one user, events are in the order that user observed them.
 */
public sealed interface Event {
    long at();

    /** A send frame went out: the first try or a resend with the same client id. {@code seq} is the send order. */
    record Send(long at, String sender, String recipient, String clientId, int seq) implements Event {
    }

    /** The server answered {@code accepted}: it promises the message is durable. */
    record Accept(long at, String sender, String clientId, long messageId) implements Event {
    }

    /** The server refused a send with an error frame; the sender sends it again with the same client id. */
    record Refuse(long at, String sender, String clientId, String error) implements Event {
    }

    /** A {@code message} frame reached a recipient, before dedup; {@code text} is the decoded body. */
    record Deliver(long at, String recipient, int connection, long messageId, String from, String text)
            implements Event {
    }

    /** Connection number {@code connection} of {@code user} opened, through the proxy of {@code node}. */
    record Connect(long at, String user, int connection, String node) implements Event {
    }

    /** Connection number {@code connection} of {@code user} ended. */
    record Disconnect(long at, String user, int connection, String why) implements Event {
    }

    /** The nemesis injected a fault. */
    record Fault(long at, FaultKind kind, String target) implements Event {
    }
}
