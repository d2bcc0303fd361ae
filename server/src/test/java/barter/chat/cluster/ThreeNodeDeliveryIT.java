package barter.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on one PostgreSQL database and one Redis, senders on every node writing at once to one
 * recipient who stays connected: entries commit out of id order across the nodes' writers, and every one must still
 * arrive live, in per-sender order, without the recipient reconnecting; also when a node dies mid-stream.
 */
class ThreeNodeDeliveryIT {
    private static final TokenIssuer TOKENS = new TokenIssuer(TestServer.SECRET, TestServer.ISSUER,
            TestServer.AUDIENCE, Clock.systemUTC());
    private static final String RECIPIENT = "buyer";

    @TempDir
    Path dir;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void startNodes() {
        env.put("CHAT_DB_URL", TestDatabases.postgres());
        env.put("CHAT_DB_USER", TestDatabases.POSTGRES_USER);
        env.put("CHAT_REDIS_URL", "redis://127.0.0.1:6379/0");
        env.put("CHAT_REDIS_PREFIX", "it-" + UUID.randomUUID() + ":");
        env.put("CHAT_JWT_SECRET", TestServer.SECRET);
        env.put("CHAT_JWT_ISSUER", TestServer.ISSUER);
        env.put("CHAT_JWT_AUDIENCE", TestServer.AUDIENCE);
        env.put("CHAT_LIMIT_MESSAGES", "100000,100000/s");
        for (int i = 0; i < 3; i++) {
            nodes.add(startNode(i));
        }
    }

    private ServerProcess startNode(int index) {
        Map<String, String> nodeEnv = new HashMap<>(env);
        nodeEnv.put("CHAT_NODE_ID", "n" + index);
        nodeEnv.put("CHAT_DATA_DIR", dir.resolve("n" + index).toString());
        int port = ServerProcess.freePort();
        nodeEnv.put("CHAT_PORT", Integer.toString(port));
        return ServerProcess.start(List.of(ServerProcess.java(), "-Xmx256m", "-jar", ServerProcess.jar().toString()),
                dir, nodeEnv, port, dir.resolve("n" + index + ".log"));
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ServerProcess::close);
    }

    @Test
    void sendersOnEveryNodeReachOneOnlineRecipientLiveAndInOrder() throws Exception {
        List<String> senders = register(30);
        try (Recipient buyer = new Recipient(nodes.get(0).port())) {
            Map<String, List<Long>> accepted = sendConcurrently(senders, 100, null);
            buyer.awaitAll(accepted, Duration.ofSeconds(30));
        }
    }

    @Test
    void aNodeKilledWhileItsSendersStreamLeavesNothingStuck() throws Exception {
        List<String> senders = register(12);
        try (Recipient buyer = new Recipient(nodes.get(0).port())) {
            Map<String, List<Long>> accepted = sendConcurrently(senders, 150, nodes.get(2));
            buyer.awaitAll(accepted, Duration.ofSeconds(30));
        }
    }

    private List<String> register(int count) throws Exception {
        registerKeys(nodes.get(0).port(), RECIPIENT);
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            senders.add("seller" + i);
            registerKeys(nodes.get(i % 3).port(), "seller" + i);
        }
        return senders;
    }

    /**
     * Each sender streams from node {@code i % 3}; when {@code victim} is given it is SIGKILLed once a third of the
     * messages went out, and its senders resend what got no answer, with the same ids, through the next node.
     */
    private Map<String, List<Long>> sendConcurrently(List<String> senders, int perSender, ServerProcess victim)
            throws Exception {
        Map<String, List<Long>> accepted = new ConcurrentHashMap<>();
        CountDownLatch third = new CountDownLatch(senders.size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < senders.size(); i++) {
                String sender = senders.get(i);
                int home = i % 3;
                running.add(pool.submit(() -> {
                    accepted.put(sender, new Sender(sender, home).send(perSender, third));
                    return null;
                }));
            }
            if (victim != null) {
                third.await();
                victim.kill();
            }
            for (Future<?> each : running) {
                each.get();
            }
        }
        return accepted;
    }

    /** Sends its messages in order; after a failed node, resends the unanswered ones on the next live node. */
    private final class Sender {
        private final String user;
        private int node;

        Sender(String user, int node) {
            this.user = user;
            this.node = node;
        }

        List<Long> send(int count, CountDownLatch third) {
            List<Long> ids = new ArrayList<>();
            while (ids.size() < count) {
                try (TestClient client = TestClient.connect(nodes.get(node).port(), token(user))) {
                    client.untilQueueEmpty();
                    for (int i = ids.size(); i < count; i++) {
                        client.send(new ClientFrame.Send(user + "-" + i, RECIPIENT, body(user, i)));
                        if (i == count / 3) {
                            third.countDown();
                        }
                    }
                    while (ids.size() < count) {
                        ids.add(client.nextOf(ServerFrame.Accepted.class).messageId());
                    }
                } catch (RuntimeException | AssertionError e) {
                    node = nextLiveNode(node);
                }
            }
            return ids;
        }
    }

    private int nextLiveNode(int from) {
        for (int step = 1; step <= 3; step++) {
            int candidate = (from + step) % 3;
            if (nodes.get(candidate).process().isAlive()) {
                return candidate;
            }
        }
        throw new AssertionError("no node is alive");
    }

    /** Stays connected to one node, acks everything, and records what arrived. */
    private final class Recipient implements AutoCloseable {
        private final TestClient client;
        private final Map<String, List<Long>> received = new ConcurrentHashMap<>();
        private final Thread reader;
        private volatile boolean closed;

        Recipient(int port) {
            client = TestClient.connect(port, token(RECIPIENT));
            client.untilQueueEmpty();
            reader = Thread.ofVirtual().start(this::read);
        }

        private void read() {
            while (!closed) {
                ServerFrame frame = client.poll(Duration.ofMillis(200));
                if (frame instanceof ServerFrame.Message m) {
                    received.computeIfAbsent(m.from(), k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(m.messageId());
                    client.send(new ClientFrame.Ack(List.of(m.messageId())));
                }
            }
        }

        void awaitAll(Map<String, List<Long>> accepted, Duration within) {
            long expected = accepted.values().stream().mapToLong(List::size).sum();
            try {
                await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() ->
                        received.values().stream().mapToLong(List::size).sum() >= expected);
            } catch (RuntimeException e) {
                throw new AssertionError(missing(accepted) + " of " + expected
                        + " accepted messages did not reach the online recipient within " + within, e);
            }
            assertThat(client.isClosed()).as("the recipient never had to reconnect").isFalse();
            accepted.forEach((sender, ids) -> assertThat(received.get(sender))
                    .as("what %s's recipient got, in order, once each", sender).containsExactlyElementsOf(ids));
        }

        private long missing(Map<String, List<Long>> accepted) {
            return accepted.entrySet().stream().mapToLong(e -> e.getValue().stream()
                    .filter(id -> !received.getOrDefault(e.getKey(), List.of()).contains(id)).count()).sum();
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            reader.join();
            client.close();
        }
    }

    private static String body(String sender, int index) {
        return Base64.getEncoder().encodeToString((sender + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static String token(String user) {
        return TOKENS.issue(user, false, Duration.ofHours(1));
    }

    private static void registerKeys(int port, String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/keys"))
                .header("Authorization", "Bearer " + token(user))
                .PUT(HttpRequest.BodyPublishers.ofString(TestKeys.generate().json())).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
