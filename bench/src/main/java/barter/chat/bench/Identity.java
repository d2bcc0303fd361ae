package barter.chat.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 tokens minted with the server's shared secret, and real X25519/Ed25519 public keys to publish. */
final class Identity {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;

    Identity(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A token for {@code userId} valid for {@code ttlSeconds}. */
    String token(String userId, long ttlSeconds) {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"sub\":\"" + userId + "\",\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds) + "}";
        String signingInput = HEADER + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return signingInput + "." + URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String token(String userId) {
        return token(userId, 6 * 3600);
    }

    /**
     * The JSON body of {@code PUT /v1/keys}: a fresh X25519 agreement key, a fresh Ed25519 signing key, and the
     * Ed25519 signature of the raw agreement key. Raw keys are the last 32 bytes of the X.509 encoding.
     */
    static String freshKeysJson() {
        try {
            KeyPair agreement = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] agreementRaw = raw(agreement.getPublic().getEncoded());
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signing.getPrivate());
            signer.update(agreementRaw);
            Base64.Encoder b64 = Base64.getEncoder();
            return "{\"agreementKey\":\"" + b64.encodeToString(agreementRaw) + "\",\"signingKey\":\""
                    + b64.encodeToString(raw(signing.getPublic().getEncoded())) + "\",\"signature\":\""
                    + b64.encodeToString(signer.sign()) + "\"}";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] raw(byte[] spki) {
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }
}
