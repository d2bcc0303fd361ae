package barter.chat.abuse;

import barter.chat.store.SentMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's half of message franking (docs/security.md, "Verifiable reports"): when it relays a franked message,
 * the server binds the sender's commitment to sender, recipient, the sender's client id and the accept time with
 * its own key, and keeps that tag with the send record. A report is checked against the tag, so a record the server
 * did not make (or one changed in the store) does not verify. Thread-safe.
 */
public final class FrankingTags {
    private static final String HMAC = "HmacSHA256";
    private static final byte[] LABEL = "barter-chat/franking-tag/v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    public FrankingTags(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a franking tag key is at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), HMAC);
    }

    /** The tag (base64) of a commitment (base64) relayed from sender to recipient at {@code ts}. */
    public String tag(String sender, String recipient, String clientId, long ts, String commitment) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(LABEL);
            mac.update((byte) 0);
            for (String field : new String[] {sender, recipient, clientId}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            mac.update(ByteBuffer.allocate(8).putLong(ts).array());
            mac.update(Base64.getDecoder().decode(commitment));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Whether the send record carries a commitment with the tag this server made for it. */
    boolean matches(SentMessage sent) {
        if (sent.commitment() == null || sent.frankingTag() == null) {
            return false;
        }
        String expected = tag(sent.sender(), sent.recipient(), sent.clientId(), sent.createdAt(), sent.commitment());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sent.frankingTag().getBytes(StandardCharsets.US_ASCII));
    }
}
