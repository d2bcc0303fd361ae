package barter.chat.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/** Real X25519 and Ed25519 key material (JDK provider), in the raw forms the key directory takes. */
public record TestKeys(byte[] agreementKey, byte[] signingKey, byte[] signature) {

    public static TestKeys generate() {
        try {
            KeyPair agreement = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] agreementRaw = raw(agreement.getPublic().getEncoded());
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signing.getPrivate());
            signer.update(agreementRaw);
            return new TestKeys(agreementRaw, raw(signing.getPublic().getEncoded()), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last 32 bytes of an X.509 SubjectPublicKeyInfo for X25519/Ed25519 are the raw key. */
    private static byte[] raw(byte[] spki) {
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    public String json() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"agreementKey\":\"" + b64.encodeToString(agreementKey) + "\",\"signingKey\":\""
                + b64.encodeToString(signingKey) + "\",\"signature\":\"" + b64.encodeToString(signature) + "\"}";
    }
}
