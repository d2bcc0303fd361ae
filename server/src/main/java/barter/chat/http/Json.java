package barter.chat.http;

import barter.chat.ChatException;
import barter.chat.protocol.ErrorCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Base64;

/** Reading request bodies strictly and writing JSON responses. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode body(Context ctx) {
        try {
            if (MAPPER.readTree(ctx.body()) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        throw new ChatException(ErrorCode.INVALID_REQUEST, "the body must be a JSON object");
    }

    static String text(ObjectNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ChatException(ErrorCode.INVALID_REQUEST, "missing field '" + field + "'");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new ChatException(ErrorCode.INVALID_REQUEST, "field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    static byte[] base64(ObjectNode body, String field, ErrorCode code) {
        String text = text(body, field, true);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ChatException(code, "field '" + field + "' is not standard base64");
        }
    }

    static void write(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not serialisable", e);
        }
    }

    static void error(Context ctx, ErrorCode code, String message) {
        ObjectNode body = MAPPER.createObjectNode().put("error", code.wire()).put("message", message);
        write(ctx, code.httpStatus(), body);
    }
}
