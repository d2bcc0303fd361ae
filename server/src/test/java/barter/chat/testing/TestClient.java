package barter.chat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.contract.AsyncApiContract;
import barter.chat.contract.AsyncApiContract.Direction;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real WebSocket client (java.net.http). It records every frame crossing the wire, both ways ({@link #wire()}),
 * and checks each against docs/asyncapi.yaml as it crosses: a server frame the spec does not allow (an unknown
 * type, a missing or undocumented field) fails the test at its next read or at close; a frame sent with
 * {@link #send} fails at once. Raw text sent with {@link #sendText} is recorded but not checked, because tests send
 * malformed frames on purpose.
 */
public final class TestClient implements AutoCloseable {
    private static final FrameCodec CODEC = new FrameCodec(16 * 1024 * 1024);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final List<WireFrame> wire = new CopyOnWriteArrayList<>();
    private final AtomicReference<AssertionError> contractViolation = new AtomicReference<>();
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

    /** One frame as it crossed the wire; {@code checked} is false for raw text a test sent on purpose. */
    public record WireFrame(Direction direction, String text, boolean checked) {
    }

    public void send(ClientFrame frame) {
        String text = CODEC.encode(frame);
        List<String> violations = AsyncApiContract.get().violations(Direction.CLIENT_TO_SERVER, text);
        assertThat(violations).as("a client frame docs/asyncapi.yaml does not allow").isEmpty();
        wire.add(new WireFrame(Direction.CLIENT_TO_SERVER, text, true));
        transmit(text);
    }

    public void sendText(String text) {
        wire.add(new WireFrame(Direction.CLIENT_TO_SERVER, text, false));
        transmit(text);
    }

    private void transmit(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Every frame sent and received so far, in order per direction. */
    public List<WireFrame> wire() {
        return List.copyOf(wire);
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
        failOnContractViolation();
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

    private void failOnContractViolation() {
        AssertionError violation = contractViolation.get();
        if (violation != null) {
            throw violation;
        }
    }

    @Override
    public void close() {
        failOnContractViolation();
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
                String text = partial.toString();
                wire.add(new WireFrame(Direction.SERVER_TO_CLIENT, text, true));
                List<String> violations = AsyncApiContract.get().violations(Direction.SERVER_TO_CLIENT, text);
                if (!violations.isEmpty()) {
                    contractViolation.compareAndSet(null,
                            new AssertionError("a server frame docs/asyncapi.yaml does not allow: " + violations));
                }
                frames.add(CODEC.decodeServer(text));
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
