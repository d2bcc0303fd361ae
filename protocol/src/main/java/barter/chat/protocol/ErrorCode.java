package barter.chat.protocol;

/**
 * Every error the server reports, with its wire code and the HTTP status it maps to.
 * The same codes appear in REST error bodies and in WebSocket {@code error} frames.
 */
public enum ErrorCode {
    INVALID_FRAME("invalid_frame", 400),
    INVALID_REQUEST("invalid_request", 400),
    INVALID_KEYS("invalid_keys", 400),
    TOO_LARGE("too_large", 413),
    RATE_LIMITED("rate_limited", 429),
    UNKNOWN_USER("unknown_user", 404),
    NOT_FOUND("not_found", 404),
    BLOCKED("blocked", 403),
    FORBIDDEN("forbidden", 403),
    /** The recipient's inbox holds its quota of undelivered messages or bytes; the send's id is not consumed. */
    RECIPIENT_FULL("recipient_full", 507),
    UNAUTHORIZED("unauthorized", 401),
    UNAVAILABLE("unavailable", 503),
    INTERNAL("internal", 500);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    /** The code as written on the wire, for example {@code invalid_frame}. */
    public String wire() {
        return wire;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ErrorCode fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire.equals(wire)) {
                return code;
            }
        }
        throw new IllegalArgumentException("unknown error code: " + wire);
    }

    /**
     * For a client reading a server's errors: a code added to the protocol after this client was built reads as
     * {@link #INTERNAL} (not retried; the frame's message still says what happened) instead of failing the frame.
     */
    public static ErrorCode fromWireOrInternal(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire.equals(wire)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
