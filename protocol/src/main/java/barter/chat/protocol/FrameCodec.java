package barter.chat.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON codec for every frame of protocol v1. Decoding validates structure and field types and throws
 * {@link FrameException} with a code and a human message; it never throws anything else on bad input.
 * Instances are immutable and thread-safe.
 */
public final class FrameCodec {
    /** Longest accepted client message id. */
    public static final int MAX_CLIENT_ID_LENGTH = 128;
    /** Most ids accepted in one ack frame. */
    public static final int MAX_ACK_IDS = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final int maxBodyBytes;

    /** @param maxBodyBytes largest decoded {@code body} a {@code send} frame may carry */
    public FrameCodec(int maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Decodes a client frame, validating every field. */
    public ClientFrame decodeClient(String text) {
        ObjectNode node = parseObject(text);
        JsonNode idNode = node.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        String type = requiredText(node, "type", id);
        switch (type) {
            case "send":
                return decodeSend(node, id);
            case "ack":
                return new ClientFrame.Ack(ids(node));
            case "typing":
                return new ClientFrame.Typing(userId(node, "to", null));
            case "auth":
                return new ClientFrame.Auth(requiredText(node, "token", null));
            default:
                throw new FrameException(ErrorCode.INVALID_FRAME, id, "unknown frame type '" + type + "'");
        }
    }

    private ClientFrame.Send decodeSend(ObjectNode node, String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_CLIENT_ID_LENGTH) {
            throw new FrameException(ErrorCode.INVALID_FRAME, null,
                    "'id' must be a string of 1 to " + MAX_CLIENT_ID_LENGTH + " characters");
        }
        String to = userId(node, "to", id);
        String body = requiredText(node, "body", id);
        int size = Base64Body.decodedLength(body);
        if (size < 0) {
            throw new FrameException(ErrorCode.INVALID_FRAME, id, "'body' is not standard base64");
        }
        if (size == 0) {
            throw new FrameException(ErrorCode.INVALID_FRAME, id, "'body' is empty");
        }
        if (size > maxBodyBytes) {
            throw new FrameException(ErrorCode.TOO_LARGE, id,
                    "'body' decodes to " + size + " bytes; the limit is " + maxBodyBytes);
        }
        return new ClientFrame.Send(id, to, body, commitment(node, id));
    }

    /** The optional franking commitment: standard base64 of exactly {@link Franking#COMMITMENT_BYTES} bytes. */
    private static String commitment(ObjectNode node, String id) {
        JsonNode value = node.get("commitment");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || Base64Body.decodedLength(value.textValue()) != Franking.COMMITMENT_BYTES) {
            throw new FrameException(ErrorCode.INVALID_FRAME, id,
                    "'commitment' must be standard base64 of " + Franking.COMMITMENT_BYTES + " bytes");
        }
        return value.textValue();
    }

    private static List<Long> ids(ObjectNode node) {
        JsonNode ids = node.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw new FrameException(ErrorCode.INVALID_FRAME, null, "'ids' must be a non-empty array of message ids");
        }
        if (ids.size() > MAX_ACK_IDS) {
            throw new FrameException(ErrorCode.TOO_LARGE, null,
                    "'ids' holds " + ids.size() + " ids; at most " + MAX_ACK_IDS + " per ack");
        }
        List<Long> result = new ArrayList<>(ids.size());
        for (JsonNode each : ids) {
            if (!each.isIntegralNumber() || !each.canConvertToLong() || each.longValue() <= 0) {
                throw new FrameException(ErrorCode.INVALID_FRAME, null, "'ids' must hold positive integers only");
            }
            result.add(each.longValue());
        }
        return result;
    }

    private static String userId(ObjectNode node, String field, String id) {
        String value = requiredText(node, field, id);
        if (!UserIds.isValid(value)) {
            throw new FrameException(ErrorCode.INVALID_FRAME, id,
                    "'" + field + "' is not a valid user id ([A-Za-z0-9_.-]{1,64})");
        }
        return value;
    }

    private static String requiredText(ObjectNode node, String field, String id) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new FrameException(ErrorCode.INVALID_FRAME, id, "missing field '" + field + "'");
        }
        if (!value.isTextual()) {
            throw new FrameException(ErrorCode.INVALID_FRAME, id, "field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FrameException(ErrorCode.INVALID_FRAME, null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new FrameException(ErrorCode.INVALID_FRAME, null, "a frame must be a JSON object");
        }
        return object;
    }

    /** Encodes a server frame. */
    public String encode(ServerFrame frame) {
        return write(g -> {
            if (frame instanceof ServerFrame.Accepted a) {
                g.writeStringField("type", "accepted");
                g.writeStringField("id", a.id());
                g.writeNumberField("messageId", a.messageId());
                g.writeNumberField("ts", a.ts());
            } else if (frame instanceof ServerFrame.Message m) {
                g.writeStringField("type", "message");
                g.writeNumberField("messageId", m.messageId());
                g.writeStringField("from", m.from());
                g.writeStringField("body", m.body());
                g.writeNumberField("ts", m.ts());
                if (m.commitment() != null) {
                    g.writeStringField("commitment", m.commitment());
                }
            } else if (frame instanceof ServerFrame.Receipt r) {
                g.writeStringField("type", "receipt");
                g.writeNumberField("messageId", r.messageId());
                g.writeStringField("id", r.id());
                g.writeStringField("status", r.status().wire());
                g.writeNumberField("ts", r.ts());
            } else if (frame instanceof ServerFrame.QueueEmpty) {
                g.writeStringField("type", "queue_empty");
            } else if (frame instanceof ServerFrame.Typing t) {
                g.writeStringField("type", "typing");
                g.writeStringField("from", t.from());
            } else if (frame instanceof ServerFrame.Error e) {
                g.writeStringField("type", "error");
                g.writeStringField("id", e.id());
                g.writeStringField("error", e.error().wire());
                g.writeStringField("message", e.message());
                if (e.retryAfterMs() != null) {
                    g.writeNumberField("retryAfterMs", e.retryAfterMs());
                }
            }
        });
    }

    /** Encodes a client frame (used by the SDK, the benchmark and tests). */
    public String encode(ClientFrame frame) {
        return write(g -> {
            if (frame instanceof ClientFrame.Send s) {
                g.writeStringField("type", "send");
                g.writeStringField("id", s.id());
                g.writeStringField("to", s.to());
                g.writeStringField("body", s.body());
                if (s.commitment() != null) {
                    g.writeStringField("commitment", s.commitment());
                }
            } else if (frame instanceof ClientFrame.Ack a) {
                g.writeStringField("type", "ack");
                g.writeArrayFieldStart("ids");
                for (long id : a.ids()) {
                    g.writeNumber(id);
                }
                g.writeEndArray();
            } else if (frame instanceof ClientFrame.Typing t) {
                g.writeStringField("type", "typing");
                g.writeStringField("to", t.to());
            } else if (frame instanceof ClientFrame.Auth a) {
                g.writeStringField("type", "auth");
                g.writeStringField("token", a.token());
            }
        });
    }

    /** Decodes a server frame (used by the SDK, the benchmark and tests). */
    public ServerFrame decodeServer(String text) {
        ObjectNode node = parseObject(text);
        String type = requiredText(node, "type", null);
        switch (type) {
            case "accepted":
                return new ServerFrame.Accepted(node.path("id").asText(null), node.path("messageId").asLong(),
                        node.path("ts").asLong());
            case "message":
                return new ServerFrame.Message(node.path("messageId").asLong(), node.path("from").asText(null),
                        node.path("body").asText(null), node.path("ts").asLong(),
                        node.path("commitment").asText(null));
            case "receipt":
                return new ServerFrame.Receipt(node.path("messageId").asLong(), node.path("id").asText(null),
                        ServerFrame.ReceiptStatus.fromWire(node.path("status").asText()), node.path("ts").asLong());
            case "queue_empty":
                return new ServerFrame.QueueEmpty();
            case "typing":
                return new ServerFrame.Typing(node.path("from").asText(null));
            case "error":
                JsonNode retry = node.get("retryAfterMs");
                return new ServerFrame.Error(node.path("id").asText(null),
                        ErrorCode.fromWireOrInternal(node.path("error").asText()), node.path("message").asText(null),
                        retry == null || retry.isNull() ? null : retry.asLong());
            default:
                throw new FrameException(ErrorCode.INVALID_FRAME, null, "unknown frame type '" + type + "'");
        }
    }

    private interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }
}
