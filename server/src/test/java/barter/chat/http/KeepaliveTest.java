package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pings with a timeout: a peer that answers pings stays, a silent one is closed and cleaned up. */
class KeepaliveTest {
    private TestServer server;

    @BeforeEach
    void start(@TempDir Path dir) {
        server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of(
                "CHAT_WS_PING_INTERVAL", "PT0.2S",
                "CHAT_WS_IDLE_TIMEOUT", "PT1S"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private double metric(String series) {
        return server.metric(series);
    }

    @Test
    void aClientThatAnswersPingsStaysConnectedLongPastTheTimeout() {
        server.register("alice");
        server.register("bob");
        try (TestClient alice = server.online("alice")) {
            // java.net.http answers pings by itself; three timeouts pass in silence
            alice.expectSilence(Duration.ofSeconds(3));
            assertThat(alice.isClosed()).isFalse();
            alice.send(new ClientFrame.Send(UUID.randomUUID().toString(), "bob", Base64.getEncoder().encodeToString(new byte[8])));
            alice.next(ServerFrame.Accepted.class);
        }
    }

    @Test
    void aClientsPingIsAnsweredWithAPongCarryingItsPayload() throws Exception {
        server.register("carol");
        java.util.concurrent.CompletableFuture<String> pong = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + server.token("carol"))
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onPong(java.net.http.WebSocket ws,
                                                                                 java.nio.ByteBuffer message) {
                                pong.complete(StandardCharsets.UTF_8.decode(message).toString());
                                return null;
                            }
                        })
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        socket.sendPing(java.nio.ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)));
        assertThat(pong.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("are you there");
        socket.abort();
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosedAsPingTimeoutAndItsMessagesStayStored() throws IOException {
        server.register("alice");
        server.register("bob");
        try (Socket frozen = frozenWebSocket(server.port(), server.token("bob"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> metric("chat_connections_active") == 1.0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(metric("chat_connections_closed_total{reason=\"ping_timeout\"}")).isEqualTo(1.0);
                assertThat(metric("chat_connections_active")).isZero();
            });
            assertThat(frozen.isConnected()).isTrue();
        }
        try (TestClient alice = server.online("alice")) {
            alice.send(new ClientFrame.Send(UUID.randomUUID().toString(), "bob", Base64.getEncoder().encodeToString(new byte[8])));
            alice.next(ServerFrame.Accepted.class);
        }
        try (TestClient bob = server.connect("bob")) {
            assertThat(bob.untilQueueEmpty()).hasSize(1);
        }
    }

    /** Completes the upgrade over a raw socket, then never reads again (so never answers a ping). */
    private static Socket frozenWebSocket(int port, String token) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the upgrade response").isNotNegative();
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }
}
