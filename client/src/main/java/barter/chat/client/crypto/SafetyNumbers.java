package barter.chat.client.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Human-comparable fingerprints of identity (signing) keys, in the style of Signal's safety numbers.
 *
 * <p>A user's fingerprint is 30 decimal digits in six groups of five: SHA-256 over
 * {@code "barter-chat/v1 fingerprint" || 0x00 || len(userId) || userId || signingKey}, whose first 30 bytes are cut
 * into six 5-byte big-endian numbers, each taken modulo 100000. A conversation's safety number is the two users'
 * fingerprints ordered by user id, so both sides see the same 60 digits and can compare them in person or on a call.
 * The agreement key is not part of it: it is signed by the signing key, and rotating it alone keeps the identity.
 */
public final class SafetyNumbers {
    private static final byte[] LABEL = "barter-chat/v1 fingerprint".getBytes(StandardCharsets.US_ASCII);

    private SafetyNumbers() {
    }

    /** The 30-digit fingerprint of one user's signing key, for example {@code 01234 56789 ...}. */
    public static String fingerprint(String userId, byte[] signingKey) {
        byte[] digest = sha256(concat(LABEL, new byte[] {0}, lengthPrefixed(userId), signingKey));
        StringBuilder out = new StringBuilder(35);
        for (int group = 0; group < 6; group++) {
            long value = 0;
            for (int i = 0; i < 5; i++) {
                value = (value << 8) | (digest[group * 5 + i] & 0xff);
            }
            if (group > 0) {
                out.append(' ');
            }
            out.append(String.format("%05d", value % 100_000));
        }
        return out.toString();
    }

    /** The 60-digit safety number of a conversation; the same whichever side computes it. */
    public static String safetyNumber(String userA, byte[] signingKeyA, String userB, byte[] signingKeyB) {
        String a = fingerprint(userA, signingKeyA);
        String b = fingerprint(userB, signingKeyB);
        return userA.compareTo(userB) <= 0 ? a + " " + b : b + " " + a;
    }

    static byte[] lengthPrefixed(String userId) {
        byte[] bytes = userId.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("user id too long: " + bytes.length);
        }
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) bytes.length;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
