package barter.chat.bench;

import java.util.Base64;

/**
 * The few frame shapes the benchmark sends and reads, without a JSON library. The server writes fields in a fixed
 * order (FrameCodec), client ids and user ids never need escaping, and bodies are base64, so plain string scanning
 * is exact here. This keeps the generator's cost per message small next to the server's.
 */
final class Wire {
    /** What a server frame is, from the first letter of its type. */
    enum Type { ACCEPTED, MESSAGE, RECEIPT, QUEUE_EMPTY, ERROR, OTHER }

    private static final int TYPE_AT = "{\"type\":\"".length();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private Wire() {
    }

    static Type type(String frame) {
        if (frame.length() <= TYPE_AT) {
            return Type.OTHER;
        }
        return switch (frame.charAt(TYPE_AT)) {
            case 'a' -> Type.ACCEPTED;
            case 'm' -> Type.MESSAGE;
            case 'r' -> Type.RECEIPT;
            case 'q' -> Type.QUEUE_EMPTY;
            case 'e' -> Type.ERROR;
            default -> Type.OTHER;
        };
    }

    /** {@code {"type":"send","id":"…","to":"…","body":"…"}}. */
    static String send(String clientId, String to, String body) {
        return new StringBuilder(48 + clientId.length() + to.length() + body.length())
                .append("{\"type\":\"send\",\"id\":\"").append(clientId)
                .append("\",\"to\":\"").append(to)
                .append("\",\"body\":\"").append(body).append("\"}").toString();
    }

    /** {@code {"type":"ack","ids":[…]}}. */
    static String ack(long[] ids, int count) {
        StringBuilder b = new StringBuilder(24 + count * 10).append("{\"type\":\"ack\",\"ids\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(ids[i]);
        }
        return b.append("]}").toString();
    }

    /**
     * A body of {@code size} bytes whose first 8 carry {@code nanos} (the send time, read back by the recipient).
     * The rest is a fixed filler: the server treats it as opaque ciphertext either way.
     */
    static String body(long nanos, byte[] scratch) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (nanos >>> (56 - 8 * i));
        }
        return B64.encodeToString(scratch);
    }

    /** The send time stored by {@link #body} in a message frame's body. */
    static long bodyNanos(String frame) {
        int at = frame.indexOf("\"body\":\"");
        if (at < 0) {
            return -1;
        }
        at += 8;
        byte[] head = B64D.decode(frame.substring(at, at + 12));
        long nanos = 0;
        for (int i = 0; i < 8; i++) {
            nanos = (nanos << 8) | (head[i] & 0xff);
        }
        return nanos;
    }

    /** The number after {@code "messageId":}. */
    static long messageId(String frame) {
        return longAfter(frame, "\"messageId\":");
    }

    /** The client id ({@code "id":"…"}); the benchmark's ids start with the send time in nanoseconds. */
    static long idNanos(String frame) {
        int at = frame.indexOf("\"id\":\"");
        if (at < 0) {
            return -1;
        }
        at += 6;
        long value = 0;
        for (int i = at; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static long longAfter(String frame, String key) {
        int at = frame.indexOf(key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + key.length(); i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
