package barter.chat.client;

/**
 * What the client does after a connection ends, by close code (docs/protocol.md, "Close codes"). The point is to
 * never storm the server: a refusal that a retry cannot fix stops reconnecting until the app calls
 * {@link ChatClient#connect()} again (after refreshing the token, say), and a slow-consumer close waits longest.
 */
enum Reconnect {
    /** Network loss, server restart or shutdown (1001), an expired token (1008: the next attempt gets a fresh one). */
    BACKOFF,
    /** 4429: this client read too slowly; its messages stay stored, so come back after the longest backoff. */
    SLOW,
    /** 4401 or HTTP 401 (token refused), 4403 (suspended), 4409 (displaced by a newer connection of this user). */
    STOP;

    static final int UNAUTHORIZED = 4401;
    static final int SUSPENDED = 4403;
    static final int DISPLACED = 4409;
    static final int SLOW_CONSUMER = 4429;

    static Reconnect after(int code) {
        switch (code) {
            case UNAUTHORIZED:
            case SUSPENDED:
            case DISPLACED:
                return STOP;
            case SLOW_CONSUMER:
                return SLOW;
            default:
                return BACKOFF;
        }
    }

    /** The close code reported for a handshake the server refused with this HTTP status. */
    static int forHandshakeStatus(int status) {
        switch (status) {
            case 401:
                return UNAUTHORIZED;
            case 403:
                return SUSPENDED;
            case 429:
                return SLOW_CONSUMER;
            default:
                return -1;
        }
    }
}
