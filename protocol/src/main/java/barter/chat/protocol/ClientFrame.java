package barter.chat.protocol;

import java.util.List;

/** Frames a client sends to the server. Decoded once by {@link FrameCodec}, dispatched by a switch. */
public sealed interface ClientFrame permits ClientFrame.Auth, ClientFrame.Send, ClientFrame.Ack, ClientFrame.Typing {

    /** First frame of a browser connection that cannot set the Authorization header. */
    record Auth(String token) implements ClientFrame {
    }

    /**
     * An encrypted message; {@code id} is the client's idempotency key, {@code body} base64 ciphertext.
     * {@code commitment} (optional, base64 of 32 bytes) is the message franking commitment, which makes the message
     * reportable with proof ({@link Franking}); null when the client does not frank.
     */
    record Send(String id, String to, String body, String commitment) implements ClientFrame {
        public Send(String id, String to, String body) {
            this(id, to, body, null);
        }
    }

    /** Acknowledges server message ids: messages received and receipts received. */
    record Ack(List<Long> ids) implements ClientFrame {
        public Ack {
            ids = List.copyOf(ids);
        }
    }

    /** Ephemeral typing notice; never stored. */
    record Typing(String to) implements ClientFrame {
    }
}
