package barter.chat.connections;

/** Why the server closes a WebSocket, with the close code the client sees. */
public enum CloseReason {
    NORMAL(1000, "normal", "closed"),
    SHUTDOWN(1001, "shutdown", "server shutting down; reconnect"),
    POLICY(1008, "error", "policy violation"),
    TOKEN_EXPIRED(1008, "token_expired", "token expired; reconnect with a fresh token"),
    INVALID_FRAMES(1008, "invalid_frames", "too many invalid frames"),
    PING_TIMEOUT(1001, "ping_timeout", "no answer to pings"),
    DISPLACED(4409, "displaced", "displaced by a newer connection of the same user"),
    SLOW_CONSUMER(4429, "slow_consumer", "too many unread frames; stored messages are kept, reconnect and read"),
    SUSPENDED(4403, "suspended", "account suspended");

    private final int code;
    private final String metricTag;
    private final String reason;

    CloseReason(int code, String metricTag, String reason) {
        this.code = code;
        this.metricTag = metricTag;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    /** The {@code reason} label of the closed-connections counter. */
    public String metricTag() {
        return metricTag;
    }

    public String reason() {
        return reason;
    }
}
