package barter.chat;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.auth.TokenIssuer;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.ServerProcess;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The promise behind {@code accepted}: the packaged server is killed with SIGKILL right after the last accepted, and
 * a new process on the same data delivers every accepted message, in order.
 */
class CrashDurabilityIT {
    private static final int MESSAGES = 300;
    private static final TokenIssuer TOKENS = new TokenIssuer(TestServer.SECRET, null, null, Clock.systemUTC());

    @TempDir
    Path dir;

    Map<String, String> env(TestDatabases.Kind kind) {
        Map<String, String> env = new HashMap<>();
        env.put("CHAT_DATA_DIR", dir.resolve("data").toString());
        env.put("CHAT_JWT_SECRET", TestServer.SECRET);
        env.put("CHAT_LIMIT_MESSAGES", "100000,100000/s");
        if (kind == TestDatabases.Kind.SQLITE) {
            env.put("CHAT_DB_URL", "jdbc:sqlite:" + dir.resolve("data").resolve("crash.db"));
        } else {
            env.put("CHAT_DB_URL", TestDatabases.postgres());
            env.put("CHAT_DB_USER", TestDatabases.POSTGRES_USER);
        }
        return env;
    }

    static void register(int port, String userId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/keys"))
                .header("Authorization", "Bearer " + TOKENS.issue(userId, false, Duration.ofHours(1)))
                .PUT(HttpRequest.BodyPublishers.ofString(TestKeys.generate().json())).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void acceptedMessagesSurviveSigkillAndArriveInOrderAfterARestart(TestDatabases.Kind kind) throws Exception {
        Map<String, String> env = env(kind);
        Path log = dir.resolve("server.log");
        List<Long> accepted = new ArrayList<>();
        try (ServerProcess first = ServerProcess.startJar(env, ServerProcess.freePort(), log)) {
            register(first.port(), "seller");
            register(first.port(), "buyer");
            TestClient seller = TestClient.connect(first.port(), TOKENS.issue("seller", false, Duration.ofHours(1)));
            seller.untilQueueEmpty();
            for (int i = 0; i < MESSAGES; i++) {
                seller.send(new ClientFrame.Send("c" + i, "buyer",
                        Base64.getEncoder().encodeToString(("offer " + i).getBytes())));
            }
            for (int i = 0; i < MESSAGES; i++) {
                ServerFrame.Accepted answer = seller.next(ServerFrame.Accepted.class);
                assertThat(answer.id()).isEqualTo("c" + i);
                accepted.add(answer.messageId());
            }
            first.kill();
            assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
            seller.abort();
        }

        try (ServerProcess second = ServerProcess.startJar(env, ServerProcess.freePort(), log);
             TestClient buyer = TestClient.connect(second.port(), TOKENS.issue("buyer", false, Duration.ofHours(1)))) {
            List<ServerFrame> backlog = buyer.untilQueueEmpty();
            assertThat(backlog).hasSize(MESSAGES).allMatch(ServerFrame.Message.class::isInstance);
            assertThat(backlog).extracting(f -> ((ServerFrame.Message) f).messageId()).containsExactlyElementsOf(accepted);
            for (int i = 0; i < MESSAGES; i++) {
                ServerFrame.Message message = (ServerFrame.Message) backlog.get(i);
                assertThat(message.from()).isEqualTo("seller");
                assertThat(new String(Base64.getDecoder().decode(message.body()))).isEqualTo("offer " + i);
            }
        }
    }
}
