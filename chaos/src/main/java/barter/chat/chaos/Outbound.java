package barter.chat.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** The client frames the suite sends, encoded as JSON text. */
final class Outbound {
    private Outbound() {
    }

    static String send(String clientId, String to, String body) {
        ObjectNode frame = Inbound.JSON.createObjectNode().put("type", "send").put("id", clientId).put("to", to)
                .put("body", body);
        return write(frame);
    }

    static String ack(Collection<Long> ids) {
        ObjectNode frame = Inbound.JSON.createObjectNode().put("type", "ack");
        ArrayNode array = frame.putArray("ids");
        ids.forEach(array::add);
        return write(frame);
    }

    private static String write(ObjectNode frame) {
        try {
            return Inbound.JSON.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
