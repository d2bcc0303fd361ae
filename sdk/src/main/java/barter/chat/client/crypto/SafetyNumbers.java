package barter.chat.client.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Human-comparable fingerprints of identity (signing) keys, computed as libsignal's
 * {@code NumericFingerprintGenerator} does (format version {@value #VERSION}, see docs/security.md).
 *
 * <p>A user's fingerprint is 30 decimal digits in six groups of five. {@code h = SHA-512(version || signingKey ||
 * userId)} with the version as two big-endian bytes and the user id in ASCII, then {@value #ITERATIONS} times
 * {@code h = SHA-512(h || signingKey)}; the first 30 bytes of {@code h} are cut into six 5-byte big-endian numbers,
 * each taken modulo 100000. The iterations make a second key with a matching fingerprint about 5200 times costlier
 * to search for than with one hash (version 1 was a single SHA-256). A conversation's safety number is the two users'
 * fingerprints ordered by user id, so both sides see the same 60 digits and can compare them in person or on a call.
 * The agreement key is not part of it: it is signed by the signing key, and rotating it alone keeps the identity.
 */
public final class SafetyNumbers {
    /** The fingerprint format; a change of it changes every number users see, so it is versioned and documented. */
    public static final int VERSION = 2;
    /** As libsignal's safety numbers. */
    static final int ITERATIONS = 5200;

    private SafetyNumbers() {
    }

    /** The 30-digit fingerprint of one user's signing key, for example {@code 01234 56789 ...}. */
    public static String fingerprint(String userId, byte[] signingKey) {
        byte[] digest = iteratedHash(userId, signingKey);
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

    /** Whether two fingerprints (or safety numbers) are the same digits, whatever spaces a user typed or copied. */
    public static boolean sameDigits(String a, String b) {
        return a.replaceAll("\\s", "").equals(b.replaceAll("\\s", ""));
    }

    private static byte[] iteratedHash(String userId, byte[] signingKey) {
        MessageDigest sha512 = sha512();
        byte[] hash = concat(new byte[] {(byte) (VERSION >> 8), (byte) VERSION}, signingKey,
                userId.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < ITERATIONS; i++) {
            sha512.update(hash);
            hash = sha512.digest(signingKey);
        }
        return hash;
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

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java and Android platform has SHA-512", e);
        }
    }
}
