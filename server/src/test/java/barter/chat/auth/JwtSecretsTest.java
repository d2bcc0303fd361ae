package barter.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import barter.chat.ChatException;
import barter.chat.config.ChatConfig;
import barter.chat.config.JwtSettings;
import barter.chat.protocol.ErrorCode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded secret file, and token verification with a secret or a configured RS256/ES256 public key. */
class JwtSecretsTest {
    private static final String SECRET = "jwt-secrets-test-secret-of-at-least-32-bytes";
    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static KeyPair ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        otherRsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
    }

    // --- the embedded secret ----------------------------------------------------------------------------------

    @Test
    void theEmbeddedSecretIsCreatedOnceOwnerOnlyAndReused() throws IOException {
        Path dataDir = dir.resolve("data");
        String first = JwtSecrets.generated(dataDir);
        Path file = dataDir.resolve(JwtSecrets.FILE_NAME);
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.getBytes(StandardCharsets.UTF_8).length).as("HS256 needs 32 bytes").isGreaterThanOrEqualTo(32);
        String modified = Files.getLastModifiedTime(file).toString();

        assertThat(JwtSecrets.generated(dataDir)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(file).toString()).as("not rewritten").isEqualTo(modified);
        assertThat(JwtSecrets.generated(dir.resolve("other"))).as("another data dir, another secret")
                .isNotEqualTo(first);
    }

    @Test
    void theDataDirIsCreatedOwnerOnlyAndASecretFileOthersCanReadIsRefused() throws IOException {
        Path dataDir = dir.resolve("fresh").resolve("data");
        JwtSecrets.generated(dataDir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(Files.list(dataDir)).as("no temporary file is left behind")
                .extracting(p -> p.getFileName().toString()).containsExactly(JwtSecrets.FILE_NAME);
        Path secret = dataDir.resolve(JwtSecrets.FILE_NAME);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> JwtSecrets.generated(dataDir))
                .hasStackTraceContaining("rw-r--r--").hasStackTraceContaining("chmod 600");
    }

    @Test
    void aConfiguredSecretWinsAndNoFileIsWritten() {
        Path dataDir = dir.resolve("data");
        ChatConfig config = config(Map.of("CHAT_JWT_SECRET", SECRET, "CHAT_DATA_DIR", dataDir.toString()));
        assertThat(JwtSecrets.forVerification(config.jwt(), dataDir)).extracting(JwtSettings.Secret::value)
                .containsExactly(SECRET);
        assertThat(dataDir.resolve(JwtSecrets.FILE_NAME)).doesNotExist();
    }

    @Test
    void tokensSignedWithTheEmbeddedSecretVerifyAfterARestart() {
        Path dataDir = dir.resolve("data");
        String token = new TokenIssuer(JwtSecrets.generated(dataDir), null, null, Clock.systemUTC())
                .issue("alice", true, Duration.ofMinutes(5));
        ChatConfig config = config(Map.of("CHAT_DATA_DIR", dataDir.toString()));
        TokenVerifier restarted = TokenVerifier.fromConfig(config, Clock.systemUTC());
        Principal principal = restarted.verify(token);
        assertThat(principal.userId()).isEqualTo("alice");
        assertThat(principal.isAdmin()).isTrue();
        assertThat(principal.roles()).isEqualTo(Set.of("admin"));
    }

    @Test
    void tokensLivingLongerThanTheMaximumAreRefused() {
        TokenIssuer issuer = new TokenIssuer(SECRET, null, null, Clock.systemUTC());
        TokenVerifier defaults = TokenVerifier.fromConfig(config(Map.of("CHAT_JWT_SECRET", SECRET)),
                Clock.systemUTC());
        assertThat(defaults.verify(issuer.issue("alice", false, Duration.ofDays(30))).userId()).isEqualTo("alice");
        assertThatThrownBy(() -> defaults.verify(issuer.issue("alice", false, Duration.ofDays(90))))
                .isInstanceOf(barter.chat.ChatException.class).hasMessage("token rejected");
        TokenVerifier strict = TokenVerifier.fromConfig(config(Map.of("CHAT_JWT_SECRET", SECRET,
                "CHAT_JWT_MAX_TTL", "PT1H")), Clock.systemUTC());
        assertThatThrownBy(() -> strict.verify(issuer.issue("alice", false, Duration.ofHours(2))))
                .isInstanceOf(barter.chat.ChatException.class);
        assertThat(strict.verify(issuer.issue("alice", false, Duration.ofMinutes(59))).userId()).isEqualTo("alice");
    }

    // --- public keys ------------------------------------------------------------------------------------------

    Path pem(KeyPair pair) throws IOException {
        return pem(dir, pair);
    }

    static Path pem(Path dir, KeyPair pair) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded());
        return Files.writeString(dir.resolve(pair.getPublic().getAlgorithm() + "-" + System.nanoTime() + ".pem"),
                "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
    }

    static ChatConfig config(Map<String, String> env) {
        return ChatConfig.fromEnv(env);
    }

    static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))));
    }

    static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    TokenVerifier publicKeyVerifier(KeyPair pair) throws IOException {
        return TokenVerifier.fromConfig(config(Map.of("CHAT_JWT_PUBLIC_KEY", pem(pair).toString())),
                Clock.systemUTC());
    }

    static void assertRefused(TokenVerifier verifier, String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(ChatException.class)
                .satisfies(e -> assertThat(((ChatException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void rs256TokensVerifyWithTheConfiguredPublicKey() throws Exception {
        TokenVerifier verifier = publicKeyVerifier(rsa);
        String token = sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()),
                claims("alice").claim("roles", List.of("admin")).build());
        Principal principal = verifier.verify(token);
        assertThat(principal.userId()).isEqualTo("alice");
        assertThat(principal.isAdmin()).isTrue();
    }

    @Test
    void es256TokensVerifyWithTheConfiguredPublicKey() throws Exception {
        TokenVerifier verifier = publicKeyVerifier(ec);
        String token = sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) ec.getPrivate()), claims("bob").build());
        assertThat(verifier.verify(token).userId()).isEqualTo("bob");
        assertThat(verifier.verify(token).isAdmin()).isFalse();
    }

    @Test
    void withAPublicKeyConfiguredHs256TokensAreRefusedEvenWithTheRightSecret() throws Exception {
        TokenVerifier verifier = publicKeyVerifier(rsa);
        assertRefused(verifier, new TokenIssuer(SECRET, null, null, Clock.systemUTC()).issue("alice", false,
                Duration.ofMinutes(5)));
        TokenVerifier ecVerifier = publicKeyVerifier(ec);
        assertRefused(ecVerifier, new TokenIssuer(SECRET, null, null, Clock.systemUTC()).issue("alice", false,
                Duration.ofMinutes(5)));
    }

    @Test
    void tokensSignedByAnotherKeyOrAlgorithmAreRefused() throws Exception {
        TokenVerifier verifier = publicKeyVerifier(rsa);
        assertRefused(verifier, sign(JWSAlgorithm.RS256, new RSASSASigner(otherRsa.getPrivate()), claims("alice").build()));
        assertRefused(verifier, sign(JWSAlgorithm.RS512, new RSASSASigner(rsa.getPrivate()), claims("alice").build()));
        assertRefused(verifier, sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                claims("alice").build()));
        assertRefused(publicKeyVerifier(ec), sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()),
                claims("alice").build()));
    }

    @Test
    void publicKeyTokensStillNeedAnExpiryInTheFutureAndAValidSubject() throws Exception {
        TokenVerifier verifier = publicKeyVerifier(rsa);
        RSASSASigner signer = new RSASSASigner(rsa.getPrivate());
        assertRefused(verifier, sign(JWSAlgorithm.RS256, signer, new JWTClaimsSet.Builder().subject("alice").build()));
        assertRefused(verifier, sign(JWSAlgorithm.RS256, signer, claims("alice")
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))).build()));
        assertRefused(verifier, sign(JWSAlgorithm.RS256, signer, claims("not valid!").build()));
    }

    @Test
    void aFileThatIsNotAPublicKeyFailsAtStartNamingTheVariable() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        ChatConfig config = config(Map.of("CHAT_JWT_PUBLIC_KEY", junk.toString()));
        assertThatThrownBy(() -> TokenVerifier.fromConfig(config, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHAT_JWT_PUBLIC_KEY=" + junk);
    }

    // --- issuer and audience ----------------------------------------------------------------------------------

    @Test
    void whenIssuerAndAudienceAreConfiguredTokensMustCarryBoth() {
        Map<String, String> env = new HashMap<>();
        env.put("CHAT_JWT_SECRET", SECRET);
        env.put("CHAT_JWT_ISSUER", "https://id.barter.example");
        env.put("CHAT_JWT_AUDIENCE", "barter-chat");
        ChatConfig config = config(env);
        TokenVerifier verifier = TokenVerifier.fromConfig(config, Clock.systemUTC());
        Duration ttl = Duration.ofMinutes(5);

        String right = new TokenIssuer(SECRET, "https://id.barter.example", "barter-chat", Clock.systemUTC())
                .issue("alice", false, ttl);
        assertThat(verifier.verify(right).userId()).isEqualTo("alice");

        assertRefused(verifier, new TokenIssuer(SECRET, null, null, Clock.systemUTC()).issue("alice", false, ttl));
        assertRefused(verifier, new TokenIssuer(SECRET, "https://evil.example", "barter-chat", Clock.systemUTC())
                .issue("alice", false, ttl));
        assertRefused(verifier, new TokenIssuer(SECRET, "https://id.barter.example", "other-app", Clock.systemUTC())
                .issue("alice", false, ttl));
        assertRefused(verifier, new TokenIssuer(SECRET, "https://id.barter.example", null, Clock.systemUTC())
                .issue("alice", false, ttl));
    }

    @Test
    void withoutIssuerAndAudienceConfiguredAnyIssuerIsAccepted() {
        TokenVerifier verifier = TokenVerifier.fromConfig(config(Map.of("CHAT_JWT_SECRET", SECRET)),
                Clock.systemUTC());
        String token = new TokenIssuer(SECRET, "https://anyone.example", "anything", Clock.systemUTC())
                .issue("alice", false, Duration.ofMinutes(5));
        assertThat(verifier.verify(token).userId()).isEqualTo("alice");
    }

    @Test
    void expiryIsJudgedByTheInjectedClockWithThirtySecondsOfSkew() {
        Instant issued = Instant.parse("2030-01-01T00:00:00Z");
        String token = new TokenIssuer(SECRET, null, null, Clock.fixed(issued, java.time.ZoneOffset.UTC))
                .issue("alice", false, Duration.ofMinutes(1));
        ChatConfig config = config(Map.of("CHAT_JWT_SECRET", SECRET));
        TokenVerifier justInside = TokenVerifier.fromConfig(config,
                Clock.fixed(issued.plusSeconds(60 + 29), java.time.ZoneOffset.UTC));
        assertThat(justInside.verify(token).userId()).isEqualTo("alice");
        TokenVerifier outside = TokenVerifier.fromConfig(config,
                Clock.fixed(issued.plusSeconds(60 + 31), java.time.ZoneOffset.UTC));
        assertRefused(outside, token);
    }
}
