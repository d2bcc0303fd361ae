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
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Floods of frames that send nothing: typing, acks, invalid frames, and anything on an unauthenticated socket. */
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

    @Test
    void invalidFramesAreAnsweredUntilTheLimitThenTheConnectionIsClosed(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_LIMIT_INVALID", "5,1/m"))) {
            server.register("vic");
            try (TestClient vic = server.online("vic")) {
                vic.sendText("{not json");
                assertThat(vic.next(ServerFrame.Error.class).error()).isEqualTo(ErrorCode.INVALID_FRAME);
                vic.send(new ClientFrame.Typing("nobody"));
                assertThat(vic.isClosed()).as("one bad frame leaves the connection usable").isFalse();
                for (int i = 0; i < 50; i++) {
                    vic.sendText("[" + i + "]");
                }
                assertThat(vic.awaitCloseCode()).isEqualTo(1008);
                assertThat(vic.awaitCloseReason()).isEqualTo("too many invalid frames");
            }
            assertThat(server.request("GET", "/metrics", null, null).body())
                    .contains("chat_connections_closed_total{reason=\"invalid_frames\"} 1.0");
        }
    }

    @Test
    void ackedIdsThisConnectionDidNotDeliverAreChargedButItsOwnAreNot(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_LIMIT_ACKS", "100,1/m"))) {
            server.register("wes");
            server.register("xia");
            try (TestClient wes = server.online("wes"); TestClient xia = server.online("xia")) {
                wes.send(new ClientFrame.Send("w1", "xia", "aGk="));
                wes.next(ServerFrame.Accepted.class);
                long delivered = xia.next(ServerFrame.Message.class).messageId();

                List<Long> madeUp = LongStream.rangeClosed(1_000_000, 1_000_049).boxed().toList();
                xia.send(new ClientFrame.Ack(madeUp));
                xia.send(new ClientFrame.Ack(madeUp));
                xia.send(new ClientFrame.Ack(madeUp));
                ServerFrame.Error refused = xia.next(ServerFrame.Error.class);
                assertThat(refused.error()).as("the third 50 made-up ids pass the limit of 100").isEqualTo(ErrorCode.RATE_LIMITED);

                xia.send(new ClientFrame.Ack(List.of(delivered)));
                ServerFrame.Receipt receipt = wes.next(ServerFrame.Receipt.class);
                assertThat(receipt.messageId()).as("an id this connection delivered is acked even now").isEqualTo(delivered);
            }
        }
    }

    @Test
    void typingAtAnUnknownUserCostsNoKeyLookups(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir,
                Map.of("CHAT_LIMIT_TYPING", "1000,1000/s"))) {
            server.register("zed");
            try (TestClient zed = server.online("zed")) {
                for (int i = 0; i < 100; i++) {
                    zed.send(new ClientFrame.Typing("nobody-at-all"));
                }
                zed.send(new ClientFrame.Send("z1", "nobody-at-all", "aGk="));
                assertThat(zed.next(ServerFrame.Error.class).error()).as("frames are handled in order")
                        .isEqualTo(ErrorCode.UNKNOWN_USER);
            }
            assertThat(server.request("GET", "/metrics", null, null).body())
                    .as("only the send looked the user's keys up").contains("chat_keys_db_reads_total 1.0");
        }
    }
}
