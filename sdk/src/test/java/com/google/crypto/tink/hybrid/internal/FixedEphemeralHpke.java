package com.google.crypto.tink.hybrid.internal;

import barter.chat.client.crypto.Hpke;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.subtle.X25519;
import java.security.GeneralSecurityException;

/**
 * Test seam: HPKE base-mode contexts (a sender with a fixed ephemeral key, a multi-message recipient), so RFC 9180
 * vectors and envelope vectors can be reproduced byte for byte. Lives in Tink's package because Tink keeps
 * fixed-ephemeral encapsulation package-private (its own tests use it the same way); present in both {@code tink} and
 * {@code tink-android}. Test scope only: the SDK itself uses Tink's public API ({@link Hpke}), and the vector tests
 * tie the two together.
 */
public final class FixedEphemeralHpke {
    private FixedEphemeralHpke() {
    }

    /** A sender context for the given suite, recipient key and ephemeral private key. */
    public static HpkeContext senderContext(HpkeParameters.AeadId aead, byte[] recipientPublicKey,
            byte[] ephemeralPrivateKey, byte[] info) throws GeneralSecurityException {
        X25519HpkeKem kem = (X25519HpkeKem) HpkePrimitiveFactory.createKem(
                HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256);
        HpkeKemEncapOutput encap = kem.encapsulateWithFixedEphemeralKey(recipientPublicKey, ephemeralPrivateKey,
                X25519.publicFromPrivate(ephemeralPrivateKey));
        return HpkeContext.createContext(HpkeUtil.BASE_MODE, encap.getEncapsulatedKey(), encap.getSharedSecret(), kem,
                HpkePrimitiveFactory.createKdf(HpkeParameters.KdfId.HKDF_SHA256),
                HpkePrimitiveFactory.createAead(aead), info);
    }

    /** A base-mode recipient context (sequence numbers 0, 1, ...), for the multi-message RFC 9180 vectors. */
    public static HpkeContext recipientContext(HpkeParameters.AeadId aead, byte[] recipientPrivateKey,
            byte[] recipientPublicKey, byte[] enc, byte[] info) throws GeneralSecurityException {
        HpkeKemPrivateKey key = new HpkeKemPrivateKey(com.google.crypto.tink.util.Bytes.copyFrom(recipientPrivateKey),
                com.google.crypto.tink.util.Bytes.copyFrom(recipientPublicKey));
        return HpkeContext.createRecipientContext(enc, key,
                HpkePrimitiveFactory.createKem(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256),
                HpkePrimitiveFactory.createKdf(HpkeParameters.KdfId.HKDF_SHA256),
                HpkePrimitiveFactory.createAead(aead), info);
    }

    /** A {@link Hpke.Sealer} for the barter-chat suite that always uses {@code ephemeralPrivateKey}. */
    public static Hpke.Sealer sealer(byte[] ephemeralPrivateKey) {
        return (recipientPublicKey, info, plaintext) -> {
            HpkeContext context = senderContext(HpkeParameters.AeadId.CHACHA20_POLY1305, recipientPublicKey,
                    ephemeralPrivateKey, info);
            return new Hpke.Sealed(context.getEncapsulatedKey(), context.seal(plaintext, new byte[0]));
        };
    }
}
