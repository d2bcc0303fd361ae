package barter.chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.hybrid.internal.FixedEphemeralHpke;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The published envelope v1 vectors: fixed inputs give fixed bytes, and those bytes open to the plaintext. */
class EnvelopeVectorsTest {
    private static final VectorFile.Group V = VectorFile.read("/vectors/envelope-v1.txt").get(0);
    private static final HexFormat HEX = HexFormat.of();

    private final IdentityKeys alice = IdentityKeys.of(V.hex("alice_signing_seed"), V.hex("alice_agreement_private"));
    private final IdentityKeys bob = IdentityKeys.of(V.hex("bob_signing_seed"), V.hex("bob_agreement_private"));

    @Test
    void fixedSeedsGiveThePublishedPublicKeysAndKeySignature() {
        assertThat(alice.publicKeys().signingKey()).isEqualTo(V.hex("alice_signing_public"));
        assertThat(alice.publicKeys().agreementKey()).isEqualTo(V.hex("alice_agreement_public"));
        assertThat(alice.publicKeys().signature()).isEqualTo(V.hex("alice_keys_signature"));
        assertThat(bob.publicKeys().signingKey()).isEqualTo(V.hex("bob_signing_public"));
        assertThat(bob.publicKeys().agreementKey()).isEqualTo(V.hex("bob_agreement_public"));
    }

    @Test
    void publishedKeySignatureVerifies() throws GeneralSecurityException {
        new PublicKeys(V.hex("alice_agreement_public"), V.hex("alice_signing_public"), V.hex("alice_keys_signature"))
                .verify();
    }

    @Test
    void infoBindsLabelIdsAndKeys() {
        byte[] info = Envelope.info("alice", "bob", V.hex("alice_signing_public"), V.hex("bob_agreement_public"));
        assertThat(HEX.formatHex(info)).isEqualTo(V.get("info"));
        assertThat(new String(info, 0, 22, StandardCharsets.US_ASCII)).isEqualTo("barter-chat/v1 message");
    }

    @Test
    void sealingWithTheFixedEphemeralKeyGivesThePublishedEnvelope() throws GeneralSecurityException {
        byte[] envelope = Envelope.seal(FixedEphemeralHpke.sealer(V.hex("ephemeral_private")), "alice", alice, "bob",
                bob.publicKeys().agreementKey(), V.hex("plaintext"));
        assertThat(HEX.formatHex(envelope)).isEqualTo(V.get("envelope"));
    }

    @Test
    void publishedEnvelopeOpensToThePlaintext() throws EnvelopeException {
        byte[] plaintext = Envelope.parse(V.hex("envelope")).open("alice", V.hex("alice_signing_public"), "bob", bob);
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo("Is the bike still for trade?");
    }
}
