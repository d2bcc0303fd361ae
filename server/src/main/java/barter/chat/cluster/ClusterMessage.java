package barter.chat.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What nodes tell each other over Redis pub/sub. Losing one is harmless by design: deliveries are pushes of rows
 * already committed to the shared store, and the recipient gets them on its next connect anyway.
 *
 * @param type  {@code deliver}, {@code typing}, {@code displace}, {@code close} (suspension) or {@code keys}
 * @param user  the user it concerns (the recipient for deliver and typing)
 * @param entry the inbox entry id (deliver)
 * @param frame the encoded server frame (deliver), the typing user (typing), or the node that took over (displace)
 */
record ClusterMessage(String type, String user, long entry, String frame) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    String encode() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings always serialises", e);
        }
    }

    static ClusterMessage decode(String json) {
        try {
            return MAPPER.readValue(json, ClusterMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a cluster message: " + e.getOriginalMessage(), e);
        }
    }
}
