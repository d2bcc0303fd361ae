package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Floods of frames that send nothing: typing, and anything on a socket that has not authenticated. */
class FrameFloodTest {

    @Test
    void aTypingFloodIsRateLimitedPerUser(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_LIMIT_TYPING", "10,1/m"))) {
            server.register("tom");
            server.register("uma");
            try (TestClient tom = server.online("tom"); TestClient uma = server.online("uma")) {
                for (int i = 0; i < 200; i++) {
                    tom.send(new ClientFrame.Typing("uma"));
                }
                int relayed = 0;
                for (ServerFrame frame = uma.poll(Duration.ofSeconds(1)); frame != null;
                     frame = uma.poll(Duration.ofMillis(300))) {
                    relayed += frame instanceof ServerFrame.Typing ? 1 : 0;
                }
                assertThat(relayed).as("typing notices relayed of 200").isEqualTo(10);
                ServerFrame.Error refused = tom.nextOf(ServerFrame.Error.class);
                assertThat(refused.error()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(refused.retryAfterMs()).isPositive();
                assertThat(tom.isClosed()).isFalse();
            }
        }
    }

    @Test
    void anUnauthenticatedSocketGetsOneAnswerToGarbageAndIsClosed(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of())) {
            TestClient stranger = TestClient.connectAnonymously(server.port());
            stranger.sendText("{not json");
            ServerFrame.Error answer = stranger.next(ServerFrame.Error.class);
            assertThat(answer.error()).isEqualTo(ErrorCode.INVALID_FRAME);
            assertThat(stranger.awaitCloseCode()).isEqualTo(1008);
            stranger.close();
        }
    }
}
