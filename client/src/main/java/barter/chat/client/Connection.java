package barter.chat.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One authenticated WebSocket connection (JDK {@code java.net.http}). Whole text frames go to the {@link Sink} one
 * at a time: the next is requested only after {@link #requestNext()}, so a slow handler holds back the server
 * instead of filling memory. {@link #send} is the single writer: it blocks until the frame is handed to the socket.
 */
final class Connection {
    interface Sink {
        void onFrame(Connection connection, String text);

        /** Called once, when the connection is gone for any reason. */
        void onClosed(Connection connection, int code, String reason);
    }

    private final Sink sink;
    private final Duration timeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private Connection(Sink sink, Duration timeout) {
        this.sink = sink;
        this.timeout = timeout;
    }

    /** Opens a connection, blocking up to {@code timeout}; throws if the handshake fails (401 included). */
    static Connection open(HttpClient http, URI uri, String token, Duration timeout, Sink sink) throws IOException {
        Connection connection = new Connection(sink, timeout);
        try {
            connection.socket = http.newWebSocketBuilder().connectTimeout(timeout)
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(uri, connection.new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot connect to " + uri + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no WebSocket handshake from " + uri + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + uri, e);
        }
        return connection;
    }

    /** Writes one text frame; only one thread at a time may write to a JDK WebSocket. */
    synchronized void send(String text) throws IOException {
        if (closed.get()) {
            throw new IOException("connection is closed");
        }
        try {
            socket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            abort(-1, "write failed: " + e);
            throw new IOException("write failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        }
    }

    void requestNext() {
        WebSocket ws = socket;
        if (ws != null && !closed.get()) {
            ws.request(1);
        }
    }

    /** Closes politely (close frame), then drops the socket without waiting for the server's answer. */
    void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        abort(WebSocket.NORMAL_CLOSURE, "closed by client");
    }

    private void abort(int code, String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        if (closed.compareAndSet(false, true)) {
            sink.onClosed(this, code, reason);
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            String text = partial.toString();
            partial.setLength(0);
            sink.onFrame(Connection.this, text);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            abort(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            abort(-1, String.valueOf(error));
        }
    }
}
