package barter.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.config.ChatConfig;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code token} command: which key signs, and why it will not sign for a cluster unless forced. */
class TokenCommandTest {
    private static final String OLD = "old-secret-of-the-deployment-32-bytes-or-more";
    private static final String NEW = "new-secret-of-the-deployment-32-bytes-or-more";

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("CHAT_DATA_DIR", dir.toString());
        return new TokenCommand(ChatConfig.fromEnv(all), Clock.systemUTC()).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void aClusterConfigurationIsRefusedUnlessForced() throws Exception {
        Map<String, String> cluster = Map.of("CHAT_REDIS_URL", "redis://127.0.0.1:6379/0", "CHAT_JWT_SECRET", NEW,
                "CHAT_JWT_ISSUER", "https://id.barter.example", "CHAT_JWT_AUDIENCE", "barter-chat");
        assertThat(run(cluster, "alice")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cluster").contains("--force");
        assertThat(printed()).isEmpty();

        assertThat(run(cluster, "alice", "--force")).isZero();
        TokenVerifier verifier = TokenVerifier.fromConfig(ChatConfig.fromEnv(cluster), Clock.systemUTC());
        assertThat(verifier.verify(printed()).userId()).as("signed with the cluster's iss and aud").isEqualTo("alice");
    }

    @Test
    void theFirstKeySignsByDefaultAndKidChoosesAnother() throws Exception {
        Map<String, String> env = Map.of("CHAT_JWT_SECRET", "2026-12=" + NEW + ",2026-06=" + OLD);
        assertThat(run(env, "alice")).isZero();
        assertThat(SignedJWT.parse(printed()).getHeader().getKeyID()).isEqualTo("2026-12");
        out.reset();
        assertThat(run(env, "alice", "--kid", "2026-06")).isZero();
        assertThat(SignedJWT.parse(printed()).getHeader().getKeyID()).isEqualTo("2026-06");
        TokenVerifier onlyOld = TokenVerifier.fromConfig(ChatConfig.fromEnv(Map.of("CHAT_JWT_SECRET",
                "2026-06=" + OLD)), Clock.systemUTC());
        assertThat(onlyOld.verify(printed()).userId()).isEqualTo("alice");
    }

    @Test
    void anUnknownKidOrATtlPastTheMaximumIsRefusedWithTheReason() {
        Map<String, String> env = Map.of("CHAT_JWT_SECRET", "2026-12=" + NEW);
        assertThat(run(env, "alice", "--kid", "2025-01")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("2025-01").contains("2026-12");
        assertThat(run(env, "alice", "--ttl", "P90D")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CHAT_JWT_MAX_TTL");
        assertThat(printed()).isEmpty();
    }

    @Test
    void aSingleSecretWithoutKidSignsV1TokensWithoutKid() throws Exception {
        assertThat(run(Map.of("CHAT_JWT_SECRET", NEW), "alice", "--admin")).isZero();
        SignedJWT jwt = SignedJWT.parse(printed());
        assertThat(jwt.getHeader().getKeyID()).isNull();
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("admin");
    }
}
