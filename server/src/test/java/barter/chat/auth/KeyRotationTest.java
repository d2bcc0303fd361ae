package barter.chat.auth;

import static barter.chat.auth.JwtSecretsTest.assertRefused;
import static barter.chat.auth.JwtSecretsTest.claims;
import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.config.ChatConfig;
import barter.chat.config.JwtSettings;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several verification keys at once, chosen by {@code kid}: what a rotation without downtime rests on. */
class KeyRotationTest {
    private static final String OLD = "old-secret-of-the-deployment-32-bytes-or-more";
    private static final String NEW = "new-secret-of-the-deployment-32-bytes-or-more";
    private static KeyPair rsaOld;
    private static KeyPair rsaNew;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKeys() throws Exception {
        rsaOld = new RSAKeyGenerator(2048).generate().toKeyPair();
        rsaNew = new RSAKeyGenerator(2048).generate().toKeyPair();
    }

    private static TokenVerifier verifier(String secrets) {
        return TokenVerifier.fromConfig(ChatConfig.fromEnv(Map.of("CHAT_JWT_SECRET", secrets)), Clock.systemUTC());
    }

    private static String token(String kid, String secret) {
        return new TokenIssuer(new JwtSettings.Secret(kid, secret), null, null, Clock.systemUTC())
                .issue("alice", false, Duration.ofMinutes(5));
    }

    @Test
    void duringTheOverlapTokensOfBothKeysVerifyAndEachKidPicksItsOwnKey() {
        TokenVerifier overlap = verifier("2026-06=" + OLD + ",2026-12=" + NEW);
        assertThat(overlap.verify(token("2026-06", OLD)).userId()).isEqualTo("alice");
        assertThat(overlap.verify(token("2026-12", NEW)).userId()).isEqualTo("alice");
        assertRefused(overlap, token("2026-12", OLD));
        assertRefused(overlap, token("2025-01", OLD));
    }

    @Test
    void aTokenWithoutKidIsTriedAgainstEveryKeySoTheTokensOfTheSingleKeyBeforeTheRotationStillWork() {
        String v1 = new TokenIssuer(OLD, null, null, Clock.systemUTC()).issue("alice", false, Duration.ofMinutes(5));
        assertThat(verifier(OLD).verify(v1).userId()).as("a single key, no kid: v1").isEqualTo("alice");
        assertThat(verifier("2026-06=" + OLD + ",2026-12=" + NEW).verify(v1).userId()).isEqualTo("alice");
        assertRefused(verifier("2026-12=" + NEW), v1);
    }

    @Test
    void afterTheOldKeyIsRemovedItsTokensAreRefused() {
        TokenVerifier rotated = verifier("2026-12=" + NEW);
        assertRefused(rotated, token("2026-06", OLD));
        assertRefused(rotated, token(null, OLD));
        assertThat(rotated.verify(token("2026-12", NEW)).userId()).isEqualTo("alice");
    }

    @Test
    void theIssuerPutsTheKidInTheHeaderAndLeavesItOutForAKeyWithoutOne() throws ParseException {
        assertThat(SignedJWT.parse(token("2026-12", NEW)).getHeader().getKeyID()).isEqualTo("2026-12");
        assertThat(SignedJWT.parse(token(null, NEW)).getHeader().getKeyID()).isNull();
    }

    @Test
    void publicKeysAreChosenByKidToo() throws Exception {
        String env = "2026-06=" + pem(rsaOld) + ",2026-12=" + pem(rsaNew);
        TokenVerifier overlap = TokenVerifier.fromConfig(ChatConfig.fromEnv(Map.of("CHAT_JWT_PUBLIC_KEY", env)),
                Clock.systemUTC());
        assertThat(overlap.verify(rsaToken(rsaOld, "2026-06")).userId()).isEqualTo("alice");
        assertThat(overlap.verify(rsaToken(rsaNew, "2026-12")).userId()).isEqualTo("alice");
        assertThat(overlap.verify(rsaToken(rsaOld, null)).userId()).as("no kid: every key is tried").isEqualTo("alice");
        assertRefused(overlap, rsaToken(rsaOld, "2026-12"));
        TokenVerifier rotated = TokenVerifier.fromConfig(ChatConfig.fromEnv(Map.of("CHAT_JWT_PUBLIC_KEY",
                "2026-12=" + pem(rsaNew))), Clock.systemUTC());
        assertRefused(rotated, rsaToken(rsaOld, "2026-06"));
    }

    private static String rsaToken(KeyPair pair, String kid) throws Exception {
        return rsaToken(pair.getPrivate(), kid, "alice");
    }

    static String rsaToken(PrivateKey key, String kid, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                claims(subject).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private Path pem(KeyPair pair) throws IOException {
        return JwtSecretsTest.pem(dir, pair);
    }
}
