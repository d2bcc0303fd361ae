package barter.chat.client.crypto;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.X25519;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * One user's private keys: an Ed25519 signing key (its 32-byte seed) and an X25519 agreement key (its 32-byte
 * scalar), with the public halves derived from them. Immutable; accessors return copies.
 */
public final class IdentityKeys {
    private final byte[] signingSeed;
    private final byte[] agreementPrivate;
    private final PublicKeys publicKeys;

    private IdentityKeys(byte[] signingSeed, byte[] agreementPrivate) throws GeneralSecurityException {
        PublicKeys.requireLength("signing seed", signingSeed, 32);
        PublicKeys.requireLength("agreement private key", agreementPrivate, 32);
        this.signingSeed = signingSeed.clone();
        this.agreementPrivate = agreementPrivate.clone();
        byte[] agreementPublic = X25519.publicFromPrivate(agreementPrivate);
        byte[] signingPublic = Ed25519Sign.KeyPair.newKeyPairFromSeed(signingSeed).getPublicKey();
        this.publicKeys = new PublicKeys(agreementPublic, signingPublic, sign(agreementPublic));
    }

    /** Fresh random keys. */
    public static IdentityKeys generate() {
        try {
            return new IdentityKeys(Ed25519Sign.KeyPair.newKeyPair().getPrivateKey(), X25519.generatePrivateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate keys", e);
        }
    }

    /** Keys from stored private halves (the key store, test vectors). */
    public static IdentityKeys of(byte[] signingSeed, byte[] agreementPrivate) {
        try {
            return new IdentityKeys(signingSeed, agreementPrivate);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a valid X25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 seed", e);
        }
    }

    /** The Ed25519 signature of {@code data} (deterministic, RFC 8032). */
    public byte[] sign(byte[] data) throws GeneralSecurityException {
        return new Ed25519Sign(signingSeed).sign(data);
    }

    /** The keys to publish, with the agreement key signed by the signing key. */
    public PublicKeys publicKeys() {
        return publicKeys;
    }

    public byte[] signingSeed() {
        return signingSeed.clone();
    }

    public byte[] agreementPrivate() {
        return agreementPrivate.clone();
    }

    /** The same signing key with another agreement key (agreement-key rotation under one identity). */
    public IdentityKeys withAgreementKey(byte[] newAgreementPrivate) {
        return of(signingSeed, newAgreementPrivate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKeys that && Arrays.equals(signingSeed, that.signingSeed)
                && Arrays.equals(agreementPrivate, that.agreementPrivate);
    }

    @Override
    public int hashCode() {
        return publicKeys.hashCode();
    }

    @Override
    public String toString() {
        return "IdentityKeys[" + publicKeys + "]";
    }
}
