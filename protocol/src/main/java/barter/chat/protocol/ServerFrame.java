package barter.chat.protocol;

/** Frames the server sends to a client. */
public sealed interface ServerFrame permits ServerFrame.Accepted, ServerFrame.Message, ServerFrame.Receipt,
        ServerFrame.QueueEmpty, ServerFrame.Typing, ServerFrame.Error {

    /** The message with client id {@code id} is durable under {@code messageId}. */
    record Accepted(String id, long messageId, long ts) implements ServerFrame {
    }

    /**
     * An incoming message; ack {@code messageId} once it is handled. {@code commitment} is the sender's franking
     * commitment, null when the sender did not frank: the recipient checks that it opens ({@link Franking}).
     */
    record Message(long messageId, String from, String body, long ts, String commitment) implements ServerFrame {
        public Message(long messageId, String from, String body, long ts) {
            this(messageId, from, body, ts, null);
        }
    }

    /** What became of a message this client sent; ack {@code messageId} like a message. */
    record Receipt(long messageId, String id, ReceiptStatus status, long ts) implements ServerFrame {
    }

    /** The backlog that was stored when the connection opened has been sent. */
    record QueueEmpty() implements ServerFrame {
    }

    /** {@code from} is typing. */
    record Typing(String from) implements ServerFrame {
    }

    /**
     * A rejected frame or a connection-level problem. {@code id} is the client id of the frame it answers, or null;
     * {@code retryAfterMs} is set only for {@code rate_limited}.
     */
    record Error(String id, ErrorCode error, String message, Long retryAfterMs) implements ServerFrame {
        public Error(String id, ErrorCode error, String message) {
            this(id, error, message, null);
        }
    }

    enum ReceiptStatus {
        DELIVERED("delivered"), EXPIRED("expired");

        private final String wire;

        ReceiptStatus(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static ReceiptStatus fromWire(String wire) {
            for (ReceiptStatus s : values()) {
                if (s.wire.equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown receipt status: " + wire);
        }
    }
}
