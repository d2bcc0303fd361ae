package barter.chat.client.crypto;

import com.google.crypto.tink.subtle.Ed25519Verify;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A user's published keys, as {@code PUT /v1/keys} takes them and {@code GET /v1/keys/{userId}} serves them: a raw
 * X25519 agreement key, a raw Ed25519 signing key, and the Ed25519 signature of the agreement key bytes.
 * The compact constructor checks lengths; {@link #verify()} checks the signature.
 */
public record PublicKeys(byte[] agreementKey, byte[] signingKey, byte[] signature) {
    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    public PublicKeys {
        requireLength("agreementKey", agreementKey, KEY_LENGTH);
        requireLength("signingKey", signingKey, KEY_LENGTH);
        requireLength("signature", signature, SIGNATURE_LENGTH);
        agreementKey = agreementKey.clone();
        signingKey = signingKey.clone();
        signature = signature.clone();
    }

    /** Decodes the three standard-base64 JSON fields. */
    public static PublicKeys fromBase64(String agreementKey, String signingKey, String signature) {
        Base64.Decoder b64 = Base64.getDecoder();
        return new PublicKeys(b64.decode(agreementKey), b64.decode(signingKey), b64.decode(signature));
    }

    /** Throws {@link GeneralSecurityException} unless the signing key signed the agreement key. */
    public void verify() throws GeneralSecurityException {
        new Ed25519Verify(signingKey).verify(signature, agreementKey);
    }

    @Override
    public byte[] agreementKey() {
        return agreementKey.clone();
    }

    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String agreementKeyBase64() {
        return Base64.getEncoder().encodeToString(agreementKey);
    }

    public String signingKeyBase64() {
        return Base64.getEncoder().encodeToString(signingKey);
    }

    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicKeys that && Arrays.equals(agreementKey, that.agreementKey)
                && Arrays.equals(signingKey, that.signingKey) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signingKey) * 31 + Arrays.hashCode(agreementKey);
    }

    @Override
    public String toString() {
        return "PublicKeys[signingKey=" + signingKeyBase64() + ", agreementKey=" + agreementKeyBase64() + "]";
    }

    static void requireLength(String name, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got "
                    + (value == null ? "null" : value.length));
        }
    }
}
