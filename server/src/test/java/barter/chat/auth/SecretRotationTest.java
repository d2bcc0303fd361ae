package barter.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.config.JwtSettings;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented rotation of HS256 secrets on a real server, one restart per step (a rolling restart in a cluster):
 * a single secret without kid, then old and new with kids, then the new one alone.
 */
class SecretRotationTest {
    private static final String OLD = "old-secret-of-the-deployment-32-bytes-or-more";
    private static final String NEW = "new-secret-of-the-deployment-32-bytes-or-more";

    private static String token(String kid, String secret, String user) {
        return new TokenIssuer(new JwtSettings.Secret(kid, secret), null, null, Clock.systemUTC())
                .issue(user, false, Duration.ofHours(1));
    }

    private static int status(TestServer server, String token) {
        return server.request("GET", "/v1/keys/alice", token, null).statusCode();
    }

    @Test
    void aSingleSecretRotatesToAKidListAndTheOldTokensStopWhenItsKeyIsRemoved(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_JWT_SECRET", OLD))) {
            String v1 = token(null, OLD, "alice");
            assertThat(server.request("PUT", "/v1/keys", v1, TestKeys.generate().json()).statusCode()).isEqualTo(200);

            server.restart(Map.of("CHAT_JWT_SECRET", "2026-06=" + OLD + ",2026-12=" + NEW));
            assertThat(status(server, v1)).as("a token from before kids existed").isEqualTo(200);
            assertThat(status(server, token("2026-06", OLD, "bob"))).isEqualTo(200);
            assertThat(status(server, token("2026-12", NEW, "bob"))).isEqualTo(200);

            server.restart(Map.of("CHAT_JWT_SECRET", "2026-12=" + NEW));
            assertThat(status(server, v1)).isEqualTo(401);
            assertThat(status(server, token("2026-06", OLD, "bob"))).isEqualTo(401);
            assertThat(status(server, token("2026-12", NEW, "bob"))).isEqualTo(200);
        }
    }
}
