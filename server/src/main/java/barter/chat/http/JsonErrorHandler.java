package barter.chat.http;

import barter.chat.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself (a WebSocket upgrade refused by {@link ChatSocket}, a request Jetty rejects)
 * get the same {@code {"error","message"}} body as the REST routes instead of an HTML page. A refused upgrade's
 * message is {@code "<wire code>: <human text>"}.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) {
        String wire = fallbackCode(code).wire();
        String text = message == null ? "HTTP " + code : message;
        int colon = text.indexOf(": ");
        if (colon > 0 && isWireCode(text.substring(0, colon))) {
            wire = text.substring(0, colon);
            text = text.substring(colon + 2);
        }
        String body = Json.MAPPER.createObjectNode().put("error", wire).put("message", text).toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static boolean isWireCode(String candidate) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.wire().equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static ErrorCode fallbackCode(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
        };
    }
}
