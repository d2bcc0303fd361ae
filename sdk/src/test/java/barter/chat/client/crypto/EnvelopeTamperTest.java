package barter.chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Anything but the untouched envelope, read as from its real sender by its real recipient, is rejected. */
class EnvelopeTamperTest {
    private final IdentityKeys alice = IdentityKeys.generate();
    private final IdentityKeys bob = IdentityKeys.generate();
    private final IdentityKeys carol = IdentityKeys.generate();
    private byte[] envelope;

    @BeforeEach
    void seal() throws GeneralSecurityException {
        envelope = Envelope.seal(Hpke.randomSealer(), "alice", alice, "bob", bob.publicKeys().agreementKey(),
                "meet at noon".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void untouchedEnvelopeOpens() throws EnvelopeException {
        assertThat(openAsBob(envelope, "alice", alice)).isEqualTo("meet at noon".getBytes(StandardCharsets.UTF_8));
        assertThat(envelope).hasSize(Envelope.OVERHEAD + "meet at noon".length());
    }

    @Test
    void everySingleBitFlipIsRejected() {
        for (int bit = 0; bit < envelope.length * 8; bit++) {
            byte[] tampered = envelope.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            int flipped = bit;
            assertThatThrownBy(() -> openAsBob(tampered, "alice", alice))
                    .as("bit %d", flipped).isInstanceOf(EnvelopeException.class);
        }
    }

    @Test
    void truncatedOrExtendedEnvelopeIsRejected() {
        assertThatThrownBy(() -> openAsBob(java.util.Arrays.copyOf(envelope, envelope.length - 1), "alice", alice))
                .isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> openAsBob(java.util.Arrays.copyOf(envelope, envelope.length + 1), "alice", alice))
                .isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> Envelope.parse(new byte[Envelope.OVERHEAD - 1]))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("too short");
    }

    @Test
    void messageReaddressedToAnotherRecipientFails() {
        assertThatThrownBy(() -> Envelope.parse(envelope).open("alice", alice.publicKeys().signingKey(), "carol",
                carol)).isInstanceOf(EnvelopeException.class);
        // Even carol's id with bob's keys (a re-addressed envelope opened by a key holder) fails the signature.
        assertThatThrownBy(() -> Envelope.parse(envelope).open("alice", alice.publicKeys().signingKey(), "carol",
                bob)).isInstanceOf(EnvelopeException.class).hasMessageContaining("signature");
    }

    @Test
    void messageClaimingAnotherSenderFails() {
        assertThatThrownBy(() -> openAsBob(envelope, "carol", carol))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("carol");
        // The server says "carol", and carol's pinned key happened to be alice's key: the ids are signed, so it fails.
        assertThatThrownBy(() -> openAsBob(envelope, "carol", alice))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("signature");
    }

    @Test
    void wrongSigningKeyFails() {
        assertThatThrownBy(() -> openAsBob(envelope, "alice", carol))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("trusted key");
    }

    @Test
    void resignedByAnotherKeyFailsToDecrypt() throws GeneralSecurityException {
        // Mallory swaps in her own signing key and re-signs: the signature verifies for her, HPKE info does not.
        IdentityKeys mallory = IdentityKeys.generate();
        byte[] forged = envelope.clone();
        System.arraycopy(mallory.publicKeys().signingKey(), 0, forged, 7, 32);
        int signedLength = forged.length - 64;
        byte[] signature = mallory.sign(Envelope.signatureInput("mallory", "bob",
                java.util.Arrays.copyOf(forged, signedLength)));
        System.arraycopy(signature, 0, forged, signedLength, 64);
        assertThatThrownBy(() -> openAsBob(forged, "mallory", mallory))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("decrypt");
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] v2 = envelope.clone();
        v2[0] = 2;
        assertThatThrownBy(() -> Envelope.parse(v2)).hasMessageContaining("version 2");
    }

    private byte[] openAsBob(byte[] bytes, String claimedSender, IdentityKeys trustedSender)
            throws EnvelopeException {
        return Envelope.parse(bytes).open(claimedSender, trustedSender.publicKeys().signingKey(), "bob", bob);
    }
}
