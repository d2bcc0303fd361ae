package barter.chat.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * docs/asyncapi.yaml as a checker of real WebSocket frames: each frame's {@code type} picks the message of its
 * direction, and the frame must validate against that message's payload schema. A type the spec lacks fails.
 */
public final class AsyncApiContract {

    /** Which way a frame travels, and the spec operation that lists its messages. */
    public enum Direction {
        CLIENT_TO_SERVER("sendToServer"), SERVER_TO_CLIENT("sendToClient");

        private final String operation;

        Direction(String operation) {
            this.operation = operation;
        }
    }

    private final SpecDocument spec;
    /** direction -> frame type -> JSON pointer of the payload schema */
    private final Map<Direction, Map<String, String>> payloads = new EnumMap<>(Direction.class);

    private AsyncApiContract(SpecDocument spec) {
        this.spec = spec;
        for (Direction direction : Direction.values()) {
            Map<String, String> byType = new TreeMap<>();
            for (JsonNode ref : spec.root().path("operations").path(direction.operation).path("messages")) {
                JsonNode channelMessage = spec.root().at(ref.path("$ref").textValue().substring(1));
                String messagePointer = channelMessage.path("$ref").textValue().substring(1);
                String type = spec.root().at(messagePointer + "/payload/properties/type/const").textValue();
                byType.put(type, messagePointer + "/payload");
            }
            payloads.put(direction, Map.copyOf(byType));
        }
    }

    /** The repository's spec (read once). */
    public static AsyncApiContract get() {
        return Holder.SPEC;
    }

    private static final class Holder {
        static final AsyncApiContract SPEC = new AsyncApiContract(SpecDocument.load("asyncapi.yaml"));
    }

    /** The frame types the spec documents for {@code direction}. */
    public java.util.Set<String> types(Direction direction) {
        return payloads.get(direction).keySet();
    }

    /** What is wrong with the frame {@code text} sent in {@code direction}: empty when the spec allows it. */
    public List<String> violations(Direction direction, String text) {
        JsonNode frame;
        try {
            frame = SpecDocument.json(text);
        } catch (AssertionError e) {
            return List.of(direction + ": not JSON: " + text);
        }
        String type = frame.path("type").asText(null);
        String pointer = type == null ? null : payloads.get(direction).get(type);
        if (pointer == null) {
            return List.of(direction + ": frame type '" + type + "' is not in docs/asyncapi.yaml: " + text);
        }
        return spec.violations(pointer, frame).stream().map(v -> direction + " " + type + ": " + v + " in " + text)
                .toList();
    }
}
