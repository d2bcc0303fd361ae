package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading is closed as a slow consumer (4429) once its outbound bytes are at their bound and it
 * has read nothing for the slow-consumer timeout, and loses nothing: every message stays stored and arrives on the
 * next connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowConsumerTest {
    private static final FrameCodec CODEC = new FrameCodec(16 * 1024 * 1024);
    /**
     * Enough large frames to fill the kernel socket buffers, the writes in flight and the 16-frame queue (on a Linux
     * loopback about 130 frames of this size overflow it; 300 leaves room for larger socket buffers).
     */
    private static final int MESSAGES = 300;
    private static final int BODY_BYTES = 60 * 1024;

    private static final Duration SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(1);

    private TestServer server;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir, Map.of("CHAT_WS_OUTBOUND_QUEUE", "16",
                "CHAT_WS_OUTBOUND_BYTES", Integer.toString(256 * 1024), "CHAT_WS_SLOW_CONSUMER_TIMEOUT", SLOW_CONSUMER_TIMEOUT.toString()));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void aClientThatStopsReadingIsClosedWith4429AndReceivesEverythingOnReconnect() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        server.register(alice);
        server.register(bob);

        StalledListener stalled = new StalledListener();
        WebSocket bobSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + server.token(bob))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws"), stalled)
                .orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(stalled.firstFrame.orTimeout(10, TimeUnit.SECONDS).join()).isInstanceOf(ServerFrame.QueueEmpty.class);

        byte[] payload = new byte[BODY_BYTES];
        List<Long> ids = new ArrayList<>();
        try (TestClient a = server.online(alice)) {
            int window = 12;
            for (int sent = 0; sent < MESSAGES; sent += window) {
                for (int i = sent; i < Math.min(MESSAGES, sent + window); i++) {
                    payload[0] = (byte) i;
                    payload[1] = (byte) (i >> 8);
                    a.send(new ClientFrame.Send("m" + i, bob, Base64.getEncoder().encodeToString(payload)));
                }
                for (int i = sent; i < Math.min(MESSAGES, sent + window); i++) {
                    ids.add(a.next(ServerFrame.Accepted.class).messageId());
                }
            }
        }

        // The server gives up on the silent socket once it made no write progress for the timeout; only then does
        // the stalled client read again: it sees what reached its socket, then the server's close.
        // (the close frame itself waits behind the unread bytes; the metric counts the server's decision)
        await().atMost(Duration.ofSeconds(30)).until(() -> server.request("GET", "/metrics", null, null).body()
                .lines().anyMatch(l -> l.equals("chat_connections_closed_total{reason=\"slow_consumer\"} 1.0")));
        stalled.readEverything(bobSocket);
        assertThat(stalled.closeCode.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(4429);
        assertThat(stalled.messages.get()).as("the queue overflowed before everything was written")
                .isLessThan(MESSAGES);
        try (TestClient b = server.connect(bob)) {
            List<ServerFrame> backlog = b.untilQueueEmpty();
            assertThat(backlog).extracting(f -> ((ServerFrame.Message) f).messageId()).containsExactlyElementsOf(ids);
            for (int i = 0; i < backlog.size(); i++) {
                byte[] body = Base64.getDecoder().decode(((ServerFrame.Message) backlog.get(i)).body());
                assertThat((body[0] & 0xff) | (body[1] & 0xff) << 8).isEqualTo(i);
            }
        }
    }

    /** Reads the first frame only, then requests nothing more until told to. */
    private static final class StalledListener implements WebSocket.Listener {
        final CompletableFuture<ServerFrame> firstFrame = new CompletableFuture<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final AtomicInteger messages = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (!last) {
                if (firstFrame.isDone()) {
                    return null;
                }
                webSocket.request(1);
                return null;
            }
            ServerFrame frame = CODEC.decodeServer(partial.toString());
            partial.setLength(0);
            if (!firstFrame.complete(frame) && frame instanceof ServerFrame.Message) {
                messages.incrementAndGet();
            }
            return null;
        }

        void readEverything(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
