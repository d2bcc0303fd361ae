package barter.chat.protocol;

/** A frame that cannot be accepted: carries the error code, the client id if one was readable, and a human message. */
public final class FrameException extends RuntimeException {
    private final ErrorCode code;
    private final String clientId;

    public FrameException(ErrorCode code, String clientId, String message) {
        super(message, null, false, false);
        this.code = code;
        this.clientId = clientId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The {@code id} of the offending frame, or null when it had none or it could not be read. */
    public String clientId() {
        return clientId;
    }
}
