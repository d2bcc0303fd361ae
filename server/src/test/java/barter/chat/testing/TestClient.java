package barter.chat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (java.net.http) that records every frame the server sends. */
public final class TestClient implements AutoCloseable {
    private static final FrameCodec CODEC = new FrameCodec(16 * 1024 * 1024);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final WebSocket socket;

    private TestClient(HttpClient http, URI uri, String token) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects with the token in the Authorization header. */
    public static TestClient connect(int port, String token) {
        return new TestClient(HttpClient.newHttpClient(), uri(port), token);
    }

    /** Connects without a header (the browser way: an auth frame must follow). */
    public static TestClient connectAnonymously(int port) {
        return new TestClient(HttpClient.newHttpClient(), uri(port), null);
    }

    /** Connects with {@code http} (for example one trusting a test certificate, for {@code wss://}) to {@code uri}. */
    public static TestClient connect(HttpClient http, URI uri, String token) {
        return new TestClient(http, uri, token);
    }

    private static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/ws");
    }

    public void send(ClientFrame frame) {
        sendText(CODEC.encode(frame));
    }

    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next frame, which must be of {@code type}. */
    public <T extends ServerFrame> T next(Class<T> type) {
        ServerFrame frame = poll(WAIT);
        assertThat(frame).as("expected a %s frame", type.getSimpleName()).isNotNull();
        assertThat(frame).isInstanceOf(type);
        return type.cast(frame);
    }

    /** Skips frames until one of {@code type} arrives. */
    public <T extends ServerFrame> T nextOf(Class<T> type) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ServerFrame frame = poll(Duration.ofNanos(deadline - System.nanoTime()));
            if (type.isInstance(frame)) {
                return type.cast(frame);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " frame within " + WAIT);
    }

    /** All frames up to and including the first {@code queue_empty}. */
    public List<ServerFrame> untilQueueEmpty() {
        List<ServerFrame> seen = new ArrayList<>();
        while (true) {
            ServerFrame frame = poll(WAIT);
            assertThat(frame).as("queue_empty expected; got so far %s", seen).isNotNull();
            if (frame instanceof ServerFrame.QueueEmpty) {
                return seen;
            }
            seen.add(frame);
        }
    }

    /** Asserts that nothing arrives within {@code quiet}. */
    public void expectSilence(Duration quiet) {
        assertThat(poll(quiet)).isNull();
    }

    public ServerFrame poll(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The close code the server sent (waits for it). */
    public int awaitCloseCode() {
        return closeCode.orTimeout(15, TimeUnit.SECONDS).join();
    }

    public String awaitCloseReason() {
        return closeReason.orTimeout(15, TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(CODEC.decodeServer(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            closeReason.complete(reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
            closeReason.complete(String.valueOf(error));
        }
    }
}
