package barter.chat.client.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import com.google.crypto.tink.subtle.Ed25519Verify;

/**
 * The barter-chat v1 message envelope: an HPKE (RFC 9180, base mode) ciphertext for the recipient, signed by the
 * sender with Ed25519. The byte layout, the HPKE {@code info} and the signed bytes are specified in
 * docs/security.md ("Envelope v1") so that another implementation can interoperate; the vectors in
 * {@code client/src/test/resources/vectors/envelope-v1.txt} pin them down.
 *
 * <pre>
 * offset  size  field
 *      0     1  version = 0x01
 *      1     2  kem_id  = 0x0020  DHKEM(X25519, HKDF-SHA256)
 *      3     2  kdf_id  = 0x0001  HKDF-SHA256
 *      5     2  aead_id = 0x0003  ChaCha20-Poly1305
 *      7    32  sender's Ed25519 signing key
 *     39    32  recipient's X25519 agreement key the message is sealed to
 *     71    32  enc, the HPKE encapsulated key
 *    103     n  HPKE ciphertext, n = plaintext length + 16
 *  103+n    64  Ed25519 signature
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class Envelope {
    public static final int VERSION = 1;
    static final int HEADER_LENGTH = 103;
    static final int SIGNATURE_LENGTH = 64;
    public static final int OVERHEAD = HEADER_LENGTH + Hpke.TAG_LENGTH + SIGNATURE_LENGTH;

    private static final byte[] INFO_LABEL = "barter-chat/v1 message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE_LABEL = "barter-chat/v1 signature".getBytes(StandardCharsets.US_ASCII);

    private Envelope() {
    }

    /** Encrypts {@code plaintext} from {@code senderId} to {@code recipientId} and signs the result. */
    public static byte[] seal(Hpke.Sealer sealer, String senderId, IdentityKeys sender, String recipientId,
            byte[] recipientAgreementKey, byte[] plaintext) throws GeneralSecurityException {
        byte[] signingKey = sender.publicKeys().signingKey();
        byte[] info = info(senderId, recipientId, signingKey, recipientAgreementKey);
        Hpke.Sealed sealed = sealer.seal(recipientAgreementKey, info, plaintext);
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + sealed.ciphertext().length + SIGNATURE_LENGTH);
        out.put((byte) VERSION).putShort((short) Hpke.KEM_ID).putShort((short) Hpke.KDF_ID)
                .putShort((short) Hpke.AEAD_ID);
        out.put(signingKey).put(recipientAgreementKey).put(sealed.enc()).put(sealed.ciphertext());
        byte[] signed = Arrays.copyOf(out.array(), out.position());
        out.put(sender.sign(signatureInput(senderId, recipientId, signed)));
        return out.array();
    }

    /** Checks the structure (length, version, suite) and exposes the header; nothing is verified yet. */
    public static Parsed parse(byte[] envelope) throws EnvelopeException {
        if (envelope.length < OVERHEAD) {
            throw new EnvelopeException("envelope too short: " + envelope.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(envelope);
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new EnvelopeException("unsupported envelope version " + version);
        }
        int kem = in.getShort() & 0xffff;
        int kdf = in.getShort() & 0xffff;
        int aead = in.getShort() & 0xffff;
        if (kem != Hpke.KEM_ID || kdf != Hpke.KDF_ID || aead != Hpke.AEAD_ID) {
            throw new EnvelopeException("unsupported HPKE suite " + kem + "/" + kdf + "/" + aead);
        }
        return new Parsed(envelope.clone());
    }

    /** A structurally valid envelope: who signed it and to which agreement key; {@link #open} verifies and decrypts. */
    public static final class Parsed {
        private final byte[] bytes;

        private Parsed(byte[] bytes) {
            this.bytes = bytes;
        }

        /** The signing key the envelope claims; compare it with the sender's pinned key before trusting it. */
        public byte[] senderSigningKey() {
            return Arrays.copyOfRange(bytes, 7, 39);
        }

        /** The recipient agreement key it was sealed to; selects which private key opens it. */
        public byte[] recipientAgreementKey() {
            return Arrays.copyOfRange(bytes, 39, 71);
        }

        /**
         * Verifies the signature with {@code trustedSigningKey} over the envelope and both user ids, then decrypts.
         * Fails if the envelope names another signing key, was addressed to another user or key, or was altered.
         */
        public byte[] open(String senderId, byte[] trustedSigningKey, String recipientId, IdentityKeys recipient)
                throws EnvelopeException {
            if (!MessageDigest.isEqual(senderSigningKey(), trustedSigningKey)) {
                throw new EnvelopeException("envelope is signed by a key other than " + senderId + "'s trusted key");
            }
            byte[] recipientKey = recipient.publicKeys().agreementKey();
            if (!MessageDigest.isEqual(recipientAgreementKey(), recipientKey)) {
                throw new EnvelopeException("envelope is sealed to another agreement key");
            }
            int signedLength = bytes.length - SIGNATURE_LENGTH;
            byte[] signed = Arrays.copyOf(bytes, signedLength);
            try {
                new Ed25519Verify(trustedSigningKey).verify(Arrays.copyOfRange(bytes, signedLength, bytes.length),
                        signatureInput(senderId, recipientId, signed));
            } catch (GeneralSecurityException e) {
                throw new EnvelopeException("signature does not verify for " + senderId + " -> " + recipientId, e);
            }
            byte[] info = info(senderId, recipientId, trustedSigningKey, recipientKey);
            try {
                return Hpke.open(recipient.agreementPrivate(), recipientKey, Arrays.copyOfRange(bytes, 71, 103),
                        info, Arrays.copyOfRange(bytes, HEADER_LENGTH, signedLength));
            } catch (GeneralSecurityException e) {
                throw new EnvelopeException("HPKE ciphertext does not decrypt", e);
            }
        }
    }

    /** HPKE info: label, 0x00, then length-prefixed sender and recipient ids, sender signing key, recipient key. */
    static byte[] info(String senderId, String recipientId, byte[] senderSigningKey, byte[] recipientAgreementKey) {
        return SafetyNumbers.concat(INFO_LABEL, new byte[] {0}, SafetyNumbers.lengthPrefixed(senderId),
                SafetyNumbers.lengthPrefixed(recipientId), senderSigningKey, recipientAgreementKey);
    }

    /** Signed bytes: label, 0x00, length-prefixed sender and recipient ids, then the envelope up to the signature. */
    static byte[] signatureInput(String senderId, String recipientId, byte[] envelopeWithoutSignature) {
        return SafetyNumbers.concat(SIGNATURE_LABEL, new byte[] {0}, SafetyNumbers.lengthPrefixed(senderId),
                SafetyNumbers.lengthPrefixed(recipientId), envelopeWithoutSignature);
    }
}
