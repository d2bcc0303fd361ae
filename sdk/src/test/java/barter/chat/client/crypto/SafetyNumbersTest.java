package barter.chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Safety numbers, format version 2, against vectors computed outside the SDK (safety-numbers-v2.txt). */
class SafetyNumbersTest {
    private static final VectorFile.Group V = VectorFile.read("/vectors/safety-numbers-v2.txt").get(0);

    @Test
    void fingerprintsAreTheIteratedHashOfThePublishedVectors() {
        assertThat(Integer.parseInt(V.get("version"))).isEqualTo(SafetyNumbers.VERSION);
        assertThat(Integer.parseInt(V.get("iterations"))).isEqualTo(SafetyNumbers.ITERATIONS);
        assertThat(SafetyNumbers.fingerprint("alice", V.hex("alice_signing_public")))
                .isEqualTo(V.get("alice_fingerprint"));
        assertThat(SafetyNumbers.fingerprint("bob", V.hex("bob_signing_public"))).isEqualTo(V.get("bob_fingerprint"));
    }

    @Test
    void bothSidesSeeTheSameSafetyNumber() {
        byte[] alice = V.hex("alice_signing_public");
        byte[] bob = V.hex("bob_signing_public");
        assertThat(SafetyNumbers.safetyNumber("alice", alice, "bob", bob)).isEqualTo(V.get("safety_number"));
        assertThat(SafetyNumbers.safetyNumber("bob", bob, "alice", alice)).isEqualTo(V.get("safety_number"));
    }

    @Test
    void theUserIdIsPartOfTheFingerprint() {
        byte[] key = V.hex("alice_signing_public");
        assertThat(SafetyNumbers.fingerprint("alice", key)).isNotEqualTo(SafetyNumbers.fingerprint("alicf", key));
    }

    @Test
    void typedFingerprintsCompareByDigitsOnly() {
        String fingerprint = V.get("alice_fingerprint");
        assertThat(SafetyNumbers.sameDigits(fingerprint, fingerprint.replace(" ", ""))).isTrue();
        assertThat(SafetyNumbers.sameDigits(fingerprint, V.get("bob_fingerprint"))).isFalse();
    }
}
