package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.keys.LocalKeyStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transport against a fake server that does on demand what the real one does rarely: close with each close code
 * of docs/protocol.md, refuse the upgrade, send an oversized frame. The real server's part is in
 * {@link TransportIntegrationTest}.
 */
class CloseCodesTest {
    private static final Duration INITIAL = Duration.ofMillis(50);
    private static final Duration MAX = Duration.ofSeconds(2);
    /** Long enough for several retries at the initial backoff, far shorter than the slow-consumer wait. */
    private static final Duration QUIET = Duration.ofMillis(700);

    @TempDir
    Path dir;
    private final MockWebServer server = new MockWebServer();
    private final List<ChatEvent> events = new CopyOnWriteArrayList<>();
    private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<WebSocket> onOpen = ws -> { };
    private volatile int handshakeStatus = 101;
    private ChatClient client;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (handshakeStatus != 101) {
                    return new MockResponse.Builder().code(handshakeStatus).build();
                }
                return new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        onOpen.accept(webSocket);
                    }

                    @Override
                    public void onClosing(WebSocket webSocket, int code, String reason) {
                        webSocket.close(1000, null);
                    }
                }).build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @ParameterizedTest(name = "close code {0} stops reconnecting")
    @ValueSource(ints = {4401, 4403, 4409})
    void refusalsThatARetryCannotFixStopReconnecting(int code) throws IOException {
        onOpen = ws -> ws.close(code, "refused");
        connect();

        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects().isEmpty());
        assertThat(disconnects().get(0).code()).isEqualTo(code);
        assertThat(disconnects().get(0).retryIn()).isNull();
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> server.getRequestCount() == 1);
    }

    @Test
    void aRefusedTokenAtTheHandshakeStopsReconnecting() throws IOException {
        handshakeStatus = 401;
        connect();

        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects().isEmpty());
        assertThat(disconnects().get(0).code()).isEqualTo(4401);
        assertThat(disconnects().get(0).retryIn()).isNull();
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> server.getRequestCount() == 1);
    }

    @Test
    void connectAfterAStopTriesAgain() throws IOException {
        handshakeStatus = 401;
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects().isEmpty());

        handshakeStatus = 101;
        client.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.isConnected());
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "close code {0} reconnects with backoff")
    @ValueSource(ints = {1000, 1001, 1008, 1011})
    void transientClosesReconnectWithBackoff(int code) throws IOException {
        onOpen = ws -> ws.close(code, "transient");
        connect();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.getRequestCount() >= 3);
        assertThat(disconnects()).allSatisfy(d -> {
            assertThat(d.code()).isEqualTo(code);
            assertThat(d.retryIn()).isPositive().isLessThanOrEqualTo(MAX);
        });
    }

    @Test
    void aSlowConsumerCloseWaitsTheLongestBackoff() throws IOException {
        onOpen = ws -> ws.close(4429, "slow consumer");
        connect();

        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects().isEmpty());
        ChatEvent.Disconnected slow = disconnects().get(0);
        assertThat(slow.code()).isEqualTo(4429);
        assertThat(slow.retryIn()).isGreaterThanOrEqualTo(MAX.dividedBy(2)).isLessThanOrEqualTo(MAX);
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> server.getRequestCount() == 1);
    }

    @Test
    void anOversizedFrameClosesTheConnectionWithoutReachingTheApp() throws IOException {
        onOpen = ws -> {
            ws.send("{\"type\":\"queue_empty\"}");
            ws.send("{\"type\":\"typing\",\"from\":\"" + "m".repeat(64 * 1024) + "\"}");
        };
        connect(16 * 1024);

        await().atMost(Duration.ofSeconds(10)).until(() -> !disconnects().isEmpty());
        assertThat(disconnects().get(0).code()).isEqualTo(Connection.TOO_BIG);
        assertThat(disconnects().get(0).retryIn()).isNotNull();
        assertThat(events).anyMatch(e -> e instanceof ChatEvent.QueueDrained);
        assertThat(events).noneMatch(e -> e instanceof ChatEvent.Typing);
        assertThat(received).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getRequestCount() >= 2);
    }

    private void connect() throws IOException {
        connect(1 << 20);
    }

    private void connect(int maxFrameBytes) throws IOException {
        LocalKeyStore keys = LocalKeyStore.create(dir.resolve("alice.keystore.json"), "alice",
                IdentityKeys.generate(), Clock.systemUTC());
        client = ChatClient.builder().server(URI.create("http://localhost:" + server.getPort()))
                .token(() -> "a-token").keyStore(keys).backoff(INITIAL, MAX).timeout(Duration.ofSeconds(5))
                .maxFrameBytes(maxFrameBytes).onMessage(received::add).onEvent(events::add).build().connect();
    }

    private List<ChatEvent.Disconnected> disconnects() {
        return events.stream().filter(ChatEvent.Disconnected.class::isInstance).map(ChatEvent.Disconnected.class::cast)
                .collect(Collectors.toList());
    }
}
