package barter.chat.keys;

import barter.chat.ChatException;
import barter.chat.protocol.ErrorCode;

/**
 * A user's public keys: a raw X25519 agreement key, a raw Ed25519 signing key, and the Ed25519 signature of the
 * agreement key made with the signing key. Construction checks lengths; {@link KeyDirectory#publish} checks the
 * signature.
 */
public record PublicKeys(byte[] agreementKey, byte[] signingKey, byte[] signature, long updatedAt) {
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

    private static void requireLength(String field, byte[] value, int length) {
        if (value == null) {
            throw new ChatException(ErrorCode.INVALID_KEYS, "missing '" + field + "'");
        }
        if (value.length != length) {
            throw new ChatException(ErrorCode.INVALID_KEYS,
                    "'" + field + "' must be " + length + " bytes, got " + value.length);
        }
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
}
