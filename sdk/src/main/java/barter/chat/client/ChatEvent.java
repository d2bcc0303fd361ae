package barter.chat.client;

import barter.chat.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything the client reports besides incoming messages. Delivered to the {@link ChatListener} on the client's
 * event thread, in order.
 */
public sealed interface ChatEvent {

    /** A WebSocket connection is open and authenticated; pending sends are being retransmitted. */
    record Connected() implements ChatEvent {
    }

    /**
     * The connection dropped or could not be opened. {@code retryIn} is null when the client will not reconnect
     * until the app calls {@link ChatClient#connect()}: the app disconnected or closed it, the server refused the
     * token (4401, also reported for an upgrade refused with HTTP 401), suspended the account (4403, or HTTP 403),
     * or a newer connection of the same user displaced it (4409). {@code code} is -1 when the network failed.
     */
    record Disconnected(int code, String reason, Duration retryIn) implements ChatEvent {
    }

    /** The server stored a send ({@code to} is its recipient); also for sends restored from an earlier process. */
    record Accepted(Sent sent, String to) implements ChatEvent {
    }

    /** The server refused a send for good ({@code unknown_user}, {@code too_large}, ...); it is not retried. */
    record SendFailed(String clientId, String to, ServerException error) implements ChatEvent {
    }

    /** The backlog queued on the server while this user was offline has been delivered. */
    record QueueDrained() implements ChatEvent {
    }

    /** A sent message reached the recipient's device ({@code clientId} is the id of the send). */
    record Delivered(String clientId, long messageId, Instant at) implements ChatEvent {
    }

    /** A sent message was not delivered within the server's retention period and was deleted. */
    record Expired(String clientId, long messageId, Instant at) implements ChatEvent {
    }

    /** {@code from} is typing. */
    record Typing(String from) implements ChatEvent {
    }

    /**
     * {@code peer}'s identity key is not the pinned one. Messages to and from them wait until the app calls
     * {@link ChatClient#acceptKeyChange(String, String)} with {@code newFingerprint} after the user compared it with
     * the peer.
     */
    record KeyChanged(String peer, String oldFingerprint, String newFingerprint) implements ChatEvent {
    }

    /** An incoming message failed decryption or verification; it was acknowledged and dropped. */
    record MessageRejected(String from, long messageId, String reason) implements ChatEvent {
    }

    /** The message handler threw; the message stays unacknowledged and comes again on the next connection. */
    record HandlerFailed(String from, long messageId, Exception error) implements ChatEvent {
    }

    /** An error frame the client could not tie to one of its sends. */
    record ServerError(ErrorCode code, String message) implements ChatEvent {
    }
}
