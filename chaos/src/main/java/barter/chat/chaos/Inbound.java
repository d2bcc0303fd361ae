package barter.chat.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A server frame, decoded once from its JSON text; the fields the suite reads, nothing more. */
sealed interface Inbound {
    ObjectMapper JSON = new ObjectMapper();

    record Accepted(String id, long messageId) implements Inbound {
    }

    record Message(long messageId, String from, String body) implements Inbound {
    }

    record Receipt(long messageId) implements Inbound {
    }

    record QueueEmpty() implements Inbound {
    }

    record Error(String id, String error, String message, long retryAfterMs) implements Inbound {
    }

    /** Typing and any frame type this suite does not use. */
    record Other(String type) implements Inbound {
    }

    static Inbound decode(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
        String type = frame.path("type").asText();
        return switch (type) {
            case "accepted" -> new Accepted(frame.path("id").asText(), frame.path("messageId").asLong());
            case "message" -> new Message(frame.path("messageId").asLong(), frame.path("from").asText(),
                    frame.path("body").asText());
            case "receipt" -> new Receipt(frame.path("messageId").asLong());
            case "queue_empty" -> new QueueEmpty();
            case "error" -> new Error(frame.path("id").isTextual() ? frame.path("id").asText() : null,
                    frame.path("error").asText(), frame.path("message").asText(), frame.path("retryAfterMs").asLong());
            default -> new Other(type);
        };
    }
}
