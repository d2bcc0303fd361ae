package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import barter.chat.auth.TokenIssuer;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WebSocket authentication: the Authorization header at upgrade, or a first auth frame within the timeout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketAuthTest {
    private TestServer server;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir, Map.of("CHAT_WS_AUTH_TIMEOUT", "PT1S"));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    String user(String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        server.register(id);
        return id;
    }

    static ClientFrame.Send send(String to, String text) {
        return new ClientFrame.Send(UUID.randomUUID().toString(), to, Base64.getEncoder().encodeToString(text.getBytes()));
    }

    /** The HTTP status of a refused upgrade. */
    int refusedUpgradeStatus(String token) {
        Throwable failure = catchThrowable(() -> TestClient.connect(server.port(), token).close());
        assertThat(failure).as("the upgrade must fail").isNotNull();
        Throwable cause = failure;
        while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a handshake failure, got %s", failure).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    @Test
    void aFirstAuthFrameAuthenticatesTheConnection() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient b = server.online(bob); TestClient a = TestClient.connectAnonymously(server.port())) {
            a.send(new ClientFrame.Auth(server.token(alice)));
            assertThat(a.untilQueueEmpty()).isEmpty();
            a.send(send(bob, "hello from a browser"));
            a.next(ServerFrame.Accepted.class);
            assertThat(b.next(ServerFrame.Message.class).from()).as("the sender is the token's subject").isEqualTo(alice);
        }
    }

    @Test
    void anAuthFrameConnectionGetsItsStoredMessages() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient a = server.online(alice)) {
            a.send(send(bob, "waiting for you"));
            a.next(ServerFrame.Accepted.class);
        }
        try (TestClient b = TestClient.connectAnonymously(server.port())) {
            b.send(new ClientFrame.Auth(server.token(bob)));
            assertThat(b.untilQueueEmpty()).hasSize(1).allMatch(ServerFrame.Message.class::isInstance);
        }
    }

    @Test
    void noAuthFrameWithinTheTimeoutClosesWith1008AndAReason() {
        try (TestClient anonymous = TestClient.connectAnonymously(server.port())) {
            assertThat(anonymous.awaitCloseCode()).isEqualTo(1008);
            assertThat(anonymous.awaitCloseReason()).contains("auth");
            assertThat(anonymous.poll(Duration.ZERO)).as("no frame was sent before the close").isNull();
        }
    }

    @Test
    void anAuthenticatedConnectionIsNotClosedByTheAuthTimeout() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient viaHeader = server.online(alice); TestClient viaFrame = TestClient.connectAnonymously(server.port())) {
            viaFrame.send(new ClientFrame.Auth(server.token(bob)));
            viaFrame.untilQueueEmpty();
            viaFrame.expectSilence(Duration.ofMillis(1500));
            assertThat(viaFrame.isClosed()).isFalse();
            assertThat(viaHeader.isClosed()).isFalse();
            viaHeader.send(send(bob, "still open"));
            viaHeader.next(ServerFrame.Accepted.class);
            assertThat(viaFrame.next(ServerFrame.Message.class).from()).isEqualTo(alice);
        }
    }

    @Test
    void aFirstFrameThatIsNotAuthGetsUnauthorizedAndClose1008() {
        String bob = user("bob");
        try (TestClient anonymous = TestClient.connectAnonymously(server.port())) {
            anonymous.send(send(bob, "sneaky"));
            ServerFrame.Error error = anonymous.next(ServerFrame.Error.class);
            assertThat(error.error()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(anonymous.awaitCloseCode()).isEqualTo(1008);
        }
        try (TestClient b = server.connect(bob)) {
            assertThat(b.untilQueueEmpty()).as("nothing was stored").isEmpty();
        }
    }

    @Test
    void aBadTokenInTheAuthFrameGetsUnauthorizedAndClose1008() {
        String forged = new TokenIssuer("some-other-secret-that-is-32-bytes-or-more", null, null, Clock.systemUTC())
                .issue("alice", false, Duration.ofMinutes(5));
        for (String token : new String[] {forged, "garbage", expiredToken()}) {
            try (TestClient anonymous = TestClient.connectAnonymously(server.port())) {
                anonymous.send(new ClientFrame.Auth(token));
                ServerFrame.Error error = anonymous.next(ServerFrame.Error.class);
                assertThat(error.error()).isEqualTo(ErrorCode.UNAUTHORIZED);
                assertThat(anonymous.awaitCloseCode()).isEqualTo(1008);
            }
        }
    }

    static String expiredToken() {
        return new TokenIssuer(TestServer.SECRET, null, null,
                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC))
                .issue("alice", false, Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "forged", "expired"})
    void aBadTokenInTheHeaderFailsTheUpgradeWith401(String kind) {
        String token = switch (kind) {
            case "forged" -> new TokenIssuer("some-other-secret-that-is-32-bytes-or-more", null, null,
                    Clock.systemUTC()).issue("alice", false, Duration.ofMinutes(5));
            case "expired" -> expiredToken();
            default -> kind;
        };
        assertThat(refusedUpgradeStatus(token)).isEqualTo(401);
    }

    @Test
    void aGoodTokenInTheHeaderStillWorksAfterRefusals() {
        assertThat(refusedUpgradeStatus("garbage")).isEqualTo(401);
        String alice = user("alice");
        try (TestClient a = server.connect(alice)) {
            assertThat(a.untilQueueEmpty()).isEmpty();
        }
    }

    @Test
    void aRefusedUpgradeAnswersWithTheJsonErrorBody() throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer forged\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 401").contains("Content-Type: application/json")
                    .contains("{\"error\":\"unauthorized\",\"message\":\"malformed token\"}");
        }
    }
}
