package barter.chat;

import barter.chat.protocol.ErrorCode;

/**
 * A request the service refuses, with the code the client sees. Features throw it; the http package maps it once to
 * a JSON error body and once to an error frame.
 */
public class ChatException extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public ChatException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ChatException(ErrorCode code, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    /** For {@code rate_limited}: how long until a retry can succeed; otherwise null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
