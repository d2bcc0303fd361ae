package barter.chat.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message franking, the client's half (Facebook Messenger's scheme for its end-to-end encrypted chats; see
 * docs/security.md, "Verifiable reports"). The sender draws a fresh franking key per message, commits to the
 * plaintext with HMAC-SHA256 under that key, sends the commitment beside the ciphertext and the key inside it
 * ({@link #wrap}). The server binds the commitment to sender, recipient and time; the recipient checks that the
 * commitment opens to what it decrypted ({@link #unwrap}), so that a message it can read is a message it can
 * report. A report reveals the plaintext and the key, and the server checks both against what it relayed.
 *
 * <p>Stateless and thread-safe; JDK crypto only, so it runs on Android too.
 */
public final class Franking {
    public static final int KEY_BYTES = 32;
    public static final int COMMITMENT_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private Franking() {
    }

    public static byte[] newKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** HMAC-SHA256 of {@code plaintext} under {@code key}. */
    public static byte[] commit(byte[] key, byte[] plaintext) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Whether {@code commitment} commits to {@code plaintext} under {@code key}; constant time in the commitment. */
    public static boolean opens(byte[] commitment, byte[] key, byte[] plaintext) {
        return key.length == KEY_BYTES && commitment.length == COMMITMENT_BYTES
                && MessageDigest.isEqual(commitment, commit(key, plaintext));
    }

    /** What a franked message encrypts: the franking key, then the message. */
    public static byte[] wrap(byte[] key, byte[] message) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a franking key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        byte[] payload = Arrays.copyOf(key, KEY_BYTES + message.length);
        System.arraycopy(message, 0, payload, KEY_BYTES, message.length);
        return payload;
    }

    /** A franked payload that opened: the message and the key that reveals it in a report. */
    public record Opened(byte[] key, byte[] message) {
    }

    /**
     * Splits a decrypted franked payload and checks it against the commitment the server relayed. Throws when the
     * commitment does not open: the sender committed to other words than it sent, so the message could not be
     * reported and must not be shown.
     */
    public static Opened unwrap(byte[] payload, byte[] commitment) throws GeneralSecurityException {
        if (payload.length < KEY_BYTES) {
            throw new GeneralSecurityException("a franked payload is at least " + KEY_BYTES + " bytes");
        }
        byte[] key = Arrays.copyOf(payload, KEY_BYTES);
        byte[] message = Arrays.copyOfRange(payload, KEY_BYTES, payload.length);
        if (!opens(commitment, key, message)) {
            throw new GeneralSecurityException("the franking commitment does not open to the decrypted message");
        }
        return new Opened(key, message);
    }
}
