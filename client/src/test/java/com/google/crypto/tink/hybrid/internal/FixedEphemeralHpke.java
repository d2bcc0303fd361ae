package com.google.crypto.tink.hybrid.internal;

import barter.chat.client.crypto.Hpke;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.subtle.X25519;
import java.security.GeneralSecurityException;

/**
 * Test seam: HPKE base-mode sender with a fixed ephemeral key, so RFC 9180 vectors and envelope vectors can be
 * reproduced byte for byte. Lives in Tink's package because Tink keeps fixed-ephemeral encapsulation package-private
 * (its own tests use it the same way). Test scope only; production seals with {@link Hpke#randomSealer()}.
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

    /** A {@link Hpke.Sealer} for the barter-chat suite that always uses {@code ephemeralPrivateKey}. */
    public static Hpke.Sealer sealer(byte[] ephemeralPrivateKey) {
        return (recipientPublicKey, info, plaintext) -> {
            HpkeContext context = senderContext(HpkeParameters.AeadId.CHACHA20_POLY1305, recipientPublicKey,
                    ephemeralPrivateKey, info);
            return new Hpke.Sealed(context.getEncapsulatedKey(), context.seal(plaintext, new byte[0]));
        };
    }
}
