package barter.chat.protocol;

/**
 * Checks standard base64 (RFC 4648 section 4) without decoding it, so the server can validate a ciphertext body
 * and learn its decoded size without allocating a copy per message.
 */
public final class Base64Body {
    private Base64Body() {
    }

    /** The decoded length of {@code text}, or -1 when it is not standard base64 (padding optional). */
    public static int decodedLength(String text) {
        int length = text.length();
        int padding = 0;
        while (padding < 2 && length - padding > 0 && text.charAt(length - padding - 1) == '=') {
            padding++;
        }
        int data = length - padding;
        if (padding > 0 && length % 4 != 0) {
            return -1;
        }
        if (data % 4 == 1) {
            return -1;
        }
        for (int i = 0; i < data; i++) {
            if (!isAlphabet(text.charAt(i))) {
                return -1;
            }
        }
        return (int) ((long) data * 3 / 4);
    }

    private static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
