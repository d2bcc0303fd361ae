package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.auth.TokenIssuer;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.ServerProcess;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user cannot grow a node's heap: a recipient with a large backlog connects and never reads while several
 * senders send 48 KiB messages as fast as they are answered. The server runs in a 96 MiB heap, less than the bytes
 * that flow at the silent socket; it stays up, the reader is closed with 4429, and nothing is lost.
 */
class SlowReaderHeapIT {
    private static final TokenIssuer TOKENS = new TokenIssuer(TestServer.SECRET, null, null, Clock.systemUTC());
    private static final int BODY_BYTES = 48 * 1024;
    private static final int BACKLOG = 200;
    private static final int SENDERS = 3;
    private static final int PER_SENDER = 300;

    @TempDir
    Path dir;

    @Test
    void aSilentReaderIsClosedWith4429WhileTheHeapStaysBoundedAndNothingIsLost() throws Exception {
        Map<String, String> env = Map.of("CHAT_DATA_DIR", dir.resolve("data").toString(),
                "CHAT_JWT_SECRET", TestServer.SECRET, "CHAT_LIMIT_MESSAGES", "100000,100000/s",
                "CHAT_WS_SLOW_CONSUMER_TIMEOUT", "PT2S", "CHAT_MAX_BODY_BYTES", Integer.toString(BODY_BYTES));
        int port = ServerProcess.freePort();
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("CHAT_PORT", Integer.toString(port));
        try (ServerProcess server = ServerProcess.start(List.of(ServerProcess.java(), "-Xmx96m", "-jar",
                ServerProcess.jar().toString()), dir, all, port, dir.resolve("server.log"))) {
            register(port, "reader");
            for (int i = 0; i < SENDERS; i++) {
                register(port, "sender" + i);
            }
            long total = sendFrom(port, List.of("sender0"), BACKLOG);

            try (SilentSocket silent = SilentSocket.open(port, token("reader"))) {
                total += sendFrom(port, List.of("sender0", "sender1", "sender2"), PER_SENDER);
                // the server gives up once the socket made no progress for the slow-consumer timeout (2 s); reading
                // any earlier would be progress, so wait for the server's decision (the metric counts it)
                await().atMost(Duration.ofSeconds(30)).until(() -> metric(port)
                        .contains("chat_connections_closed_total{reason=\"slow_consumer\"} 1.0"));
                assertThat(silent.closeCode()).as("close code of the silent reader").isEqualTo(4429);
            }
            assertThat(server.process().isAlive()).isTrue();
            assertThat(server.readyStatus()).isEqualTo(200);
            assertThat(server.log()).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
            try (TestClient reader = TestClient.connect(port, token("reader"))) {
                assertThat(reader.untilQueueEmpty()).hasSize((int) total)
                        .allMatch(ServerFrame.Message.class::isInstance);
            }
        }
    }

    /** Each sender sends {@code count} large messages, waiting for each window of answers; returns how many. */
    private static long sendFrom(int port, List<String> senders, int count) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (String sender : senders) {
                done.add(pool.submit(() -> {
                    String body = Base64.getEncoder().encodeToString(new byte[BODY_BYTES]);
                    try (TestClient client = TestClient.connect(port, token(sender))) {
                        client.untilQueueEmpty();
                        for (int i = 0; i < count; i += 10) {
                            for (int j = i; j < Math.min(count, i + 10); j++) {
                                client.send(new ClientFrame.Send(sender + "-" + j + "-" + System.nanoTime(), "reader",
                                        body));
                            }
                            for (int j = i; j < Math.min(count, i + 10); j++) {
                                client.nextOf(ServerFrame.Accepted.class);
                            }
                        }
                    }
                    return count;
                }));
            }
            long sum = 0;
            for (Future<Integer> each : done) {
                sum += each.get();
            }
            return sum;
        }
    }

    /**
     * A WebSocket that reads nothing after the upgrade, with a small receive buffer: unlike a client library's socket,
     * which may keep reading into its own memory, this one really pushes back at the TCP level.
     */
    private record SilentSocket(Socket socket) implements AutoCloseable {
        static SilentSocket open(int port, String token) throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            socket.getOutputStream().write(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String status = readLine(in);
            assertThat(status).startsWith("HTTP/1.1 101");
            while (!readLine(in).isEmpty()) {
                // headers
            }
            return new SilentSocket(socket);
        }

        /** Now reads: skips the frames that were waiting and returns the close frame's code. */
        int closeCode() throws IOException {
            socket.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                long length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if (opcode == 8) {
                    return in.readUnsignedShort();
                }
                in.skipNBytes(length);
            }
        }

        private static String readLine(DataInputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String metric(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String token(String user) {
        return TOKENS.issue(user, false, Duration.ofHours(1));
    }

    private static void register(int port, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/keys"))
                .header("Authorization", "Bearer " + token(user))
                .PUT(HttpRequest.BodyPublishers.ofString(TestKeys.generate().json())).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
