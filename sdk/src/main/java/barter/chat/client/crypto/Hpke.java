package barter.chat.client.crypto;

import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HPKE (RFC 9180) base mode with the one suite barter-chat v1 uses: DHKEM(X25519, HKDF-SHA256) (kem_id 0x0020),
 * HKDF-SHA256 (kdf_id 0x0001), ChaCha20-Poly1305 (aead_id 0x0003). Single-shot: one message per context, sequence
 * number 0, empty AAD.
 *
 * <p>Only Tink's public API: the raw keys become {@link HpkePublicKey}/{@link HpkePrivateKey} objects with the
 * {@code NO_PREFIX} variant, whose {@link HybridEncrypt} output is exactly {@code enc || ciphertext} and whose
 * {@code contextInfo} is the HPKE {@code info} (Tink seals with an empty AAD), so the bytes are those of RFC 9180
 * single-shot base mode. The same code runs on {@code tink} and {@code tink-android}. Thread-safe (stateless).
 */
public final class Hpke {
    public static final int KEM_ID = 0x0020;
    public static final int KDF_ID = 0x0001;
    public static final int AEAD_ID = 0x0003;
    /** Length of the encapsulated key (an X25519 public key). */
    public static final int ENC_LENGTH = 32;
    /** Length of the Poly1305 tag appended to every ciphertext. */
    public static final int TAG_LENGTH = 16;

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
            byte[] out = primitive(publicKey(recipientPublicKey), HybridEncrypt.class).encrypt(plaintext, info);
            return new Sealed(Arrays.copyOf(out, ENC_LENGTH), Arrays.copyOfRange(out, ENC_LENGTH, out.length));
        };
    }

    /** Opens a single-shot ciphertext; throws {@link GeneralSecurityException} if anything does not authenticate. */
    public static byte[] open(byte[] recipientPrivateKey, byte[] recipientPublicKey, byte[] enc, byte[] info,
            byte[] ciphertext) throws GeneralSecurityException {
        HpkePrivateKey key = HpkePrivateKey.create(publicKey(recipientPublicKey),
                SecretBytes.copyFrom(recipientPrivateKey, InsecureSecretKeyAccess.get()));
        byte[] message = new byte[enc.length + ciphertext.length];
        System.arraycopy(enc, 0, message, 0, enc.length);
        System.arraycopy(ciphertext, 0, message, enc.length, ciphertext.length);
        return primitive(key, HybridDecrypt.class).decrypt(message, info);
    }

    private static <P> P primitive(Key key, Class<P> type) throws GeneralSecurityException {
        // A one-key keyset: the public way to get a primitive for a key object; ConfigurationV0 needs no registry.
        return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary()).build()
                .getPrimitive(ConfigurationV0.get(), type);
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
