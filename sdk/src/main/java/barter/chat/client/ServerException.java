package barter.chat.client;

import barter.chat.protocol.ErrorCode;
import java.io.IOException;

/** The server refused a request or a frame: carries the protocol error code and the server's message. */
public final class ServerException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorCode code;

    public ServerException(ErrorCode code, String message) {
        super(code.wire() + ": " + message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
