package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.auth.TokenIssuer;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token's {@code exp} holds for the socket it opened, not only at the upgrade. */
class TokenExpiryTest {

    @Test
    void anOpenSocketIsClosedWith1008WhenItsTokenExpires(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir,
                Map.of("CHAT_WS_PING_INTERVAL", "PT0.5S"))) {
            server.register("olivia");
            // expired 28 s ago: still inside the 30 s clock skew the verifier allows, so it lapses in about 2 s
            String lapsing = new TokenIssuer(TestServer.SECRET, null, null, Clock.systemUTC())
                    .issue("olivia", false, Duration.ofSeconds(-28));
            try (TestClient olivia = TestClient.connect(server.port(), lapsing);
                 TestClient fresh = server.online("peter")) {
                olivia.untilQueueEmpty();
                assertThat(olivia.awaitCloseCode()).isEqualTo(1008);
                assertThat(olivia.awaitCloseReason()).contains("token expired");
                assertThat(fresh.isClosed()).as("a socket with a valid token stays open").isFalse();
            }
        }
    }
}
