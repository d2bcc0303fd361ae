package barter.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.ServerProcess;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis dies under a connected sender (a private redis-server on a free port, so it can be killed): frames that
 * need Redis get a retryable {@code unavailable} error and the socket stays open (no 1011); once Redis is back the
 * same socket sends again and the recipient gets everything that was accepted.
 */
class RedisOutageTest {

    @Test
    void aRedisOutageFailsFramesNotSockets(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Process redis = startRedis(port, dir);
        try (TestServer node = TestServer.start(TestDatabases.postgres(), dir, Map.of(
                "CHAT_REDIS_URL", "redis://127.0.0.1:" + port + "/0", "CHAT_REDIS_PREFIX", UUID.randomUUID() + ":"))) {
            node.register("ivan");
            node.register("judy");
            try (TestClient ivan = node.online("ivan"); TestClient judy = node.online("judy")) {
                send(ivan, "before");
                assertThat(ivan.next(ServerFrame.Accepted.class).id()).isEqualTo("before");

                redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                send(ivan, "during");
                ServerFrame answer = ivan.nextOf(ServerFrame.Error.class);
                assertThat(((ServerFrame.Error) answer).error()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(ivan.isClosed()).as("the sender's socket survives the outage").isFalse();

                redis = startRedis(port, dir);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    send(ivan, "after");
                    assertThat(ivan.nextOf(ServerFrame.Accepted.class).id()).isEqualTo("after");
                });
                assertThat(judy.nextOf(ServerFrame.Message.class).messageId()).isPositive();
                assertThat(judy.nextOf(ServerFrame.Message.class).messageId()).isPositive();
                assertThat(ivan.isClosed()).isFalse();
                assertThat(judy.isClosed()).isFalse();
            }
        } finally {
            redis.destroyForcibly();
        }
    }

    private static void send(TestClient client, String id) {
        client.send(new ClientFrame.Send(id, "judy", "aGk="));
    }

    private static Process startRedis(int port, Path dir) throws IOException, InterruptedException {
        Process redis;
        try {
            redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        } catch (IOException e) {
            Assumptions.abort("redis-server is not on the PATH: " + e.getMessage());
            throw e;
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return redis;
    }
}
