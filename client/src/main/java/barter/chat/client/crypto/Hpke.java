package barter.chat.client.crypto;

import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.internal.HpkeContext;
import com.google.crypto.tink.hybrid.internal.HpkeEncrypt;
import com.google.crypto.tink.hybrid.internal.HpkeKemPrivateKey;
import com.google.crypto.tink.hybrid.internal.HpkePrimitiveFactory;
import com.google.crypto.tink.util.Bytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HPKE (RFC 9180) base mode with the one suite barter-chat v1 uses: DHKEM(X25519, HKDF-SHA256) (kem_id 0x0020),
 * HKDF-SHA256 (kdf_id 0x0001), ChaCha20-Poly1305 (aead_id 0x0003). Single-shot: one message per context, sequence
 * number 0, empty AAD. Backed by Tink's HPKE implementation. Thread-safe (stateless).
 */
public final class Hpke {
    public static final int KEM_ID = 0x0020;
    public static final int KDF_ID = 0x0001;
    public static final int AEAD_ID = 0x0003;
    /** Length of the encapsulated key (an X25519 public key). */
    public static final int ENC_LENGTH = 32;
    /** Length of the Poly1305 tag appended to every ciphertext. */
    public static final int TAG_LENGTH = 16;

    private static final byte[] NO_AAD = new byte[0];

    /** The two outputs of a seal: the encapsulated key and the AEAD ciphertext. */
    public record Sealed(byte[] enc, byte[] ciphertext) {
    }

    /** Seals to a recipient public key; production uses {@link #randomSealer()}, tests a fixed ephemeral key. */
    public interface Sealer {
        Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] plaintext) throws GeneralSecurityException;
    }

    private Hpke() {
    }

    /** A sealer with a fresh random ephemeral key per message. */
    public static Sealer randomSealer() {
        return (recipientPublicKey, info, plaintext) -> {
            byte[] out = HpkeEncrypt.create(publicKey(recipientPublicKey)).encrypt(plaintext, info);
            return new Sealed(Arrays.copyOf(out, ENC_LENGTH), Arrays.copyOfRange(out, ENC_LENGTH, out.length));
        };
    }

    /** Opens a single-shot ciphertext; throws {@link GeneralSecurityException} if anything does not authenticate. */
    public static byte[] open(byte[] recipientPrivateKey, byte[] recipientPublicKey, byte[] enc, byte[] info,
            byte[] ciphertext) throws GeneralSecurityException {
        return recipientContext(HpkeParameters.AeadId.CHACHA20_POLY1305, recipientPrivateKey, recipientPublicKey, enc,
                info).open(ciphertext, NO_AAD);
    }

    /**
     * A base-mode recipient context for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and {@code aead}, good for several
     * messages (sequence numbers 0, 1, ...). The RFC 9180 vector test checks Tink's suite through it.
     */
    public static HpkeContext recipientContext(HpkeParameters.AeadId aead, byte[] recipientPrivateKey,
            byte[] recipientPublicKey, byte[] enc, byte[] info) throws GeneralSecurityException {
        HpkeKemPrivateKey key = new HpkeKemPrivateKey(Bytes.copyFrom(recipientPrivateKey),
                Bytes.copyFrom(recipientPublicKey));
        return HpkeContext.createRecipientContext(enc, key,
                HpkePrimitiveFactory.createKem(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256),
                HpkePrimitiveFactory.createKdf(HpkeParameters.KdfId.HKDF_SHA256),
                HpkePrimitiveFactory.createAead(aead), info);
    }

    private static HpkePublicKey publicKey(byte[] recipientPublicKey) throws GeneralSecurityException {
        HpkeParameters parameters = HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.CHACHA20_POLY1305)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build();
        return HpkePublicKey.create(parameters, Bytes.copyFrom(recipientPublicKey), null);
    }
}
