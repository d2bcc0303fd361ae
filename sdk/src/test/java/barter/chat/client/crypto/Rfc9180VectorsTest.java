package barter.chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.internal.FixedEphemeralHpke;
import com.google.crypto.tink.hybrid.internal.HpkeContext;
import com.google.crypto.tink.subtle.X25519;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tink's HPKE against RFC 9180 Appendix A.1.1 and A.2.1 (see the resource for the source), then the SDK's public-API
 * path ({@link Hpke}) against that vector-checked implementation: the published vectors use several messages and a
 * non-empty AAD, which Tink's single-shot public API cannot express, so the link is made on the vectors' own keys.
 */
class Rfc9180VectorsTest {
    private static final List<VectorFile.Group> VECTORS = VectorFile.read("/vectors/rfc9180-base-x25519.txt");
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void fileHoldsBothBaseModeSuites() {
        assertThat(VECTORS).extracting(g -> g.get("aead_id")).containsExactly("1", "3");
        assertThat(VECTORS).allSatisfy(g -> {
            assertThat(g.get("mode")).isEqualTo("0");
            assertThat(g.get("kem_id")).isEqualTo("32");
            assertThat(g.get("kdf_id")).isEqualTo("1");
            assertThat(g.entries()).hasSize(3);
        });
    }

    @Test
    void keyPairsDeriveTheirPublishedPublicKeys() throws GeneralSecurityException {
        for (VectorFile.Group g : VECTORS) {
            assertThat(X25519.publicFromPrivate(g.hex("skRm"))).isEqualTo(g.hex("pkRm"));
            assertThat(X25519.publicFromPrivate(g.hex("skEm"))).isEqualTo(g.hex("pkEm"));
        }
    }

    @Test
    void recipientOpensEveryPublishedCiphertextInSequence() throws GeneralSecurityException {
        for (VectorFile.Group g : VECTORS) {
            HpkeContext recipient = FixedEphemeralHpke.recipientContext(aead(g), g.hex("skRm"), g.hex("pkRm"),
                    g.hex("pkEm"), g.hex("info"));
            for (Map<String, String> e : g.entries()) {
                byte[] plaintext = recipient.open(HEX.parseHex(e.get("ct")), HEX.parseHex(e.get("aad")));
                assertThat(HEX.formatHex(plaintext)).isEqualTo(e.get("pt"));
            }
        }
    }

    @Test
    void senderWithTheVectorsEphemeralKeyReproducesEncAndCiphertexts() throws GeneralSecurityException {
        for (VectorFile.Group g : VECTORS) {
            HpkeContext sender = FixedEphemeralHpke.senderContext(aead(g), g.hex("pkRm"), g.hex("skEm"),
                    g.hex("info"));
            assertThat(sender.getEncapsulatedKey()).isEqualTo(g.hex("pkEm"));
            for (Map<String, String> e : g.entries()) {
                byte[] ct = sender.seal(HEX.parseHex(e.get("pt")), HEX.parseHex(e.get("aad")));
                assertThat(HEX.formatHex(ct)).isEqualTo(e.get("ct"));
            }
        }
    }

    @Test
    void chaChaSuiteRejectsACiphertextOpenedOutOfSequence() throws GeneralSecurityException {
        VectorFile.Group g = VECTORS.get(1);
        HpkeContext recipient = FixedEphemeralHpke.recipientContext(aead(g), g.hex("skRm"), g.hex("pkRm"),
                g.hex("pkEm"), g.hex("info"));
        Map<String, String> second = g.entries().get(1);
        assertThatThrownBy(() -> recipient.open(HEX.parseHex(second.get("ct")), HEX.parseHex(second.get("aad"))))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void publicApiOpensWhatTheVectorCheckedSenderSealsSingleShot() throws GeneralSecurityException {
        VectorFile.Group g = VECTORS.get(1);
        byte[] plaintext = HEX.parseHex(g.entries().get(0).get("pt"));
        HpkeContext sender = FixedEphemeralHpke.senderContext(aead(g), g.hex("pkRm"), g.hex("skEm"), g.hex("info"));
        byte[] ciphertext = sender.seal(plaintext, new byte[0]);

        byte[] opened = Hpke.open(g.hex("skRm"), g.hex("pkRm"), g.hex("pkEm"), g.hex("info"), ciphertext);
        assertThat(opened).isEqualTo(plaintext);
    }

    @Test
    void publicApiSealsWhatTheVectorCheckedRecipientOpens() throws GeneralSecurityException {
        VectorFile.Group g = VECTORS.get(1);
        byte[] plaintext = HEX.parseHex(g.entries().get(0).get("pt"));
        Hpke.Sealed sealed = Hpke.randomSealer().seal(g.hex("pkRm"), g.hex("info"), plaintext);

        assertThat(sealed.enc()).hasSize(Hpke.ENC_LENGTH).isNotEqualTo(g.hex("pkEm"));
        assertThat(sealed.ciphertext()).hasSize(plaintext.length + Hpke.TAG_LENGTH);
        HpkeContext recipient = FixedEphemeralHpke.recipientContext(aead(g), g.hex("skRm"), g.hex("pkRm"),
                sealed.enc(), g.hex("info"));
        assertThat(recipient.open(sealed.ciphertext(), new byte[0])).isEqualTo(plaintext);
    }

    private static HpkeParameters.AeadId aead(VectorFile.Group g) {
        switch (g.get("aead_id")) {
            case "1":
                return HpkeParameters.AeadId.AES_128_GCM;
            case "3":
                return HpkeParameters.AeadId.CHACHA20_POLY1305;
            default:
                throw new IllegalArgumentException("unexpected aead_id " + g.get("aead_id"));
        }
    }
}
