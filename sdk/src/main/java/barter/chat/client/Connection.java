package barter.chat.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * One authenticated WebSocket connection over OkHttp (the same code on the JVM and on Android). Whole text frames go
 * to the {@link Sink} one at a time: OkHttp's reader thread waits until {@link #requestNext()} before it reads on, so
 * a slow handler holds back the server instead of filling memory. A frame longer than {@code maxFrameBytes} is not
 * handed on: the connection is closed with 1009 (OkHttp has read that one frame into memory by then; it is the
 * bound on everything after it). {@link #send} queues a frame on OkHttp's single writer.
 */
final class Connection {
    /** Close code for a frame over the size limit (RFC 6455 "message too big"). */
    static final int TOO_BIG = 1009;
    /** Close code for a binary frame: the protocol is JSON text only. */
    static final int UNSUPPORTED_DATA = 1003;

    interface Sink {
        void onFrame(Connection connection, String text);

        /** Called once, when the connection is gone for any reason. */
        void onClosed(Connection connection, int code, String reason);
    }

    /** The server answered the upgrade with an HTTP status instead of 101 (401: the token was refused). */
    static final class HandshakeRefused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HandshakeRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final Sink sink;
    private final int maxFrameBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch handshake = new CountDownLatch(1);
    private final Semaphore next = new Semaphore(0);
    private volatile boolean opened;
    private volatile IOException failure;
    private volatile WebSocket socket;

    private Connection(Sink sink, int maxFrameBytes) {
        this.sink = sink;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Opens a connection, blocking up to {@code timeout}; throws if the handshake fails (401 included). */
    static Connection open(OkHttpClient http, ServerAddress server, String token, Duration timeout, int maxFrameBytes,
            Sink sink) throws IOException {
        Connection connection = new Connection(sink, maxFrameBytes);
        Request request = new Request.Builder().url(server.webSocket()).header("Authorization", "Bearer " + token)
                .build();
        connection.socket = http.newWebSocket(request, connection.new Listener());
        try {
            if (!connection.handshake.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                connection.socket.cancel();
                throw new IOException("no WebSocket handshake from " + server + " within " + timeout);
            }
        } catch (InterruptedException e) {
            connection.socket.cancel();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + server, e);
        }
        if (connection.failure != null) {
            throw connection.failure;
        }
        return connection;
    }

    /** Queues one text frame for OkHttp's writer; fails if the connection is closed or its write queue is full. */
    void send(String text) throws IOException {
        if (closed.get() || !socket.send(text)) {
            throw new IOException("connection is closed");
        }
    }

    /** Lets the reader go on to the next frame; called once per frame handed to the sink. */
    void requestNext() {
        next.release();
    }

    /** Closes politely (close frame); the sink hears about it at once. */
    void close() {
        socket.close(1000, "bye");
        gone(1000, "closed by client");
    }

    private void refuse(WebSocket webSocket, int code, String reason) {
        webSocket.close(code, reason);
        gone(code, reason);
    }

    private void gone(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            // Frees a reader thread waiting in onMessage for good, whatever frames were still queued for the loop.
            next.release(Integer.MAX_VALUE / 2);
            sink.onClosed(this, code, reason);
        }
    }

    private final class Listener extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            opened = true;
            handshake.countDown();
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (tooBig(text)) {
                refuse(webSocket, TOO_BIG, "frame over " + maxFrameBytes + " bytes");
                return;
            }
            sink.onFrame(Connection.this, text);
            // Back-pressure: OkHttp reads the next frame only when this returns.
            next.acquireUninterruptibly();
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            refuse(webSocket, UNSUPPORTED_DATA, "binary frames are not part of the protocol");
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
            gone(code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            gone(code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            if (!opened) {
                failure = response != null
                        ? new HandshakeRefused(response.code(), "WebSocket upgrade refused: HTTP " + response.code())
                        : new IOException("cannot connect: " + error, error);
                handshake.countDown();
                return;
            }
            gone(-1, String.valueOf(error));
        }
    }

    private boolean tooBig(String text) {
        // UTF-8 takes at least one byte per char: count bytes only when the chars alone do not decide.
        if (text.length() > maxFrameBytes) {
            return true;
        }
        return text.length() * 3L > maxFrameBytes && text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes;
    }
}
