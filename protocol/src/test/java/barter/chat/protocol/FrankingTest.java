package barter.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrankingTest {
    private static final HexFormat HEX = HexFormat.of();
    private final SecureRandom random = new SecureRandom();

    @Test
    void commitmentIsHmacSha256AsRfc4231TestCase2() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(Franking.commit(key, data)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void aWrappedMessageOpensAgainstItsCommitment() throws GeneralSecurityException {
        byte[] key = Franking.newKey(random);
        byte[] message = "the bike for your guitar".getBytes(StandardCharsets.UTF_8);
        byte[] commitment = Franking.commit(key, message);

        Franking.Opened opened = Franking.unwrap(Franking.wrap(key, message), commitment);

        assertThat(opened.message()).isEqualTo(message);
        assertThat(opened.key()).isEqualTo(key);
        assertThat(Franking.opens(commitment, opened.key(), opened.message())).isTrue();
    }

    @Test
    void otherWordsOrAnotherKeyDoNotOpen() {
        byte[] key = Franking.newKey(random);
        byte[] commitment = Franking.commit(key, "meet at noon".getBytes(StandardCharsets.UTF_8));

        assertThat(Franking.opens(commitment, key, "send the money first".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Franking.opens(commitment, Franking.newKey(random), "meet at noon".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }

    @Test
    void aSenderWhoCommitsToOtherWordsIsCaughtByTheRecipient() {
        byte[] key = Franking.newKey(random);
        byte[] commitment = Franking.commit(key, "a harmless line".getBytes(StandardCharsets.UTF_8));
        byte[] payload = Franking.wrap(key, "an abusive line".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Franking.unwrap(payload, commitment)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> Franking.unwrap(new byte[5], commitment)).isInstanceOf(GeneralSecurityException.class);
    }
}
