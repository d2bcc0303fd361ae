package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.keys.LocalKeyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OkHttp transport against the real server: displacement (4409), suspension (4403), an expired token (1008), a
 * stalled reader (4429), a refused token, and disconnect/connect. Every other close code is played by a fake server in {@code CloseCodesTest}.
 */
class TransportIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir.resolve("server"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDisplacedConnectionStopsAndTheNewerOneKeepsWorking() throws Exception {
        try (TestPeer alice = new TestPeer(server, dir, "alice").connect();
                TestPeer bob = new TestPeer(server, dir, "bob").connect()) {
            await().atMost(WAIT).until(() -> alice.client().isConnected());
            List<ChatEvent> secondEvents = new CopyOnWriteArrayList<>();
            try (ChatClient second = ChatClient.builder().server(server.uri()).token(() -> TestServer.token("alice"))
                    .keyStore(alice.store).onEvent(secondEvents::add).build().connect()) {
                await().atMost(WAIT).until(() -> alice.events(ChatEvent.Disconnected.class).stream()
                        .anyMatch(d -> d.code() == Reconnect.DISPLACED && d.retryIn() == null));
                await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !alice.client().isConnected());

                second.send("bob", "from the newer connection").get(10, TimeUnit.SECONDS);
                await().atMost(WAIT).until(() -> bob.texts().contains("from the newer connection"));
            }
        }
    }

    @Test
    void disconnectStaysDisconnectedAndConnectResumesWithWhatArrivedMeanwhile() throws Exception {
        try (TestPeer alice = new TestPeer(server, dir, "alice").connect();
                TestPeer bob = new TestPeer(server, dir, "bob").connect()) {
            await().atMost(WAIT).until(() -> alice.client().isConnected() && bob.client().isConnected());
            alice.client().disconnect();
            await().atMost(WAIT).until(() -> alice.events(ChatEvent.Disconnected.class).stream()
                    .anyMatch(d -> d.retryIn() == null));
            bob.client().send("alice", "while you were in the background").get(10, TimeUnit.SECONDS);
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !alice.client().isConnected());
            assertThat(alice.received).isEmpty();

            alice.client().connect();
            await().atMost(WAIT).until(() -> alice.texts().contains("while you were in the background"));
        }
    }

    @Test
    void aTokenTheServerRefusesStopsReconnecting() throws Exception {
        LocalKeyStore keys = LocalKeyStore.create(dir.resolve("mallory.json"), "mallory", IdentityKeys.generate(),
                Clock.systemUTC());
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (ChatClient client = ChatClient.builder().server(server.uri()).token(() -> "not-a-jwt").keyStore(keys)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).onEvent(events::add).build().connect()) {
            await().atMost(WAIT).until(() -> !events.isEmpty());
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> events.size() == 1);
            ChatEvent.Disconnected refused = (ChatEvent.Disconnected) events.get(0);
            assertThat(refused.code()).isEqualTo(Reconnect.UNAUTHORIZED);
            assertThat(refused.retryIn()).isNull();
            assertThat(client.isConnected()).isFalse();
        }
    }

    @Test
    void aSuspendedAccountStopsReconnecting() throws Exception {
        try (TestPeer alice = new TestPeer(server, dir, "alice").connect()) {
            await().atMost(WAIT).until(() -> alice.client().isConnected());

            HttpResponse<String> suspended = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.uri() + "/v1/admin/suspensions/alice"))
                    .header("Authorization", "Bearer " + TestServer.token("moderator", Duration.ofHours(1), true))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(suspended.statusCode()).as(suspended.body()).isBetween(200, 204);

            await().atMost(WAIT).until(() -> alice.events(ChatEvent.Disconnected.class).stream()
                    .anyMatch(d -> d.code() == Reconnect.SUSPENDED && d.retryIn() == null));
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !alice.client().isConnected());
        }
    }

    @Test
    void anExpiredTokenClosesWith1008AndTheClientComesBackWithAFreshOne() throws Exception {
        server.close();
        server = new TestServer(dir.resolve("server-expiry"), Map.of("CHAT_WS_PING_INTERVAL", "PT1S"));
        AtomicInteger tokens = new AtomicInteger();
        LocalKeyStore keys = LocalKeyStore.create(dir.resolve("carol.json"), "carol", IdentityKeys.generate(),
                Clock.systemUTC());
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        // the first token expired 28 s ago: inside the server's 30 s clock skew, so it lapses about 2 s after the
        // upgrade; every later one lives an hour
        try (ChatClient client = ChatClient.builder().server(server.uri())
                .token(() -> TestServer.token("carol", tokens.getAndIncrement() == 0
                        ? Duration.ofSeconds(-28) : Duration.ofHours(1), false))
                .keyStore(keys).backoff(Duration.ofMillis(50), Duration.ofMillis(400)).onEvent(events::add)
                .build().connect()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(events).as("events, %d tokens", tokens.get())
                    .anyMatch(e -> e instanceof ChatEvent.Disconnected d && d.code() == 1008 && d.retryIn() != null));
            await().atMost(WAIT).until(() -> events.stream().filter(ChatEvent.Connected.class::isInstance).count() >= 2
                    && client.isConnected());
        }
    }

    @Test
    void aReaderThatStallsIsClosedAsASlowConsumerAndGetsEverythingOnceAfterwards() throws Exception {
        server.close();
        server = new TestServer(dir.resolve("server-slow"), Map.of("CHAT_WS_OUTBOUND_BYTES", "65536",
                "CHAT_WS_SLOW_CONSUMER_TIMEOUT", "PT1S", "CHAT_LIMIT_MESSAGES", "100000,100000/s"));
        CountDownLatch stalled = new CountDownLatch(1);
        try (TestPeer alice = new TestPeer(server, dir, "alice").connect();
                TestPeer bob = new TestPeer(server, dir, "bob")) {
            bob.beforeRecord = m -> stalled.await(); // the app stops handling: the SDK stops reading its socket
            bob.connect();
            await().atMost(WAIT).until(() -> alice.client().isConnected() && bob.client().isConnected());
            String filler = "x".repeat(40_000);
            List<CompletableFuture<Sent>> sends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sends.add(alice.client().send("bob", i + " " + filler));
            }
            for (CompletableFuture<Sent> sent : sends) {
                sent.get(30, TimeUnit.SECONDS);
            }
            // the SDK's event thread is the one stalled, so the close is seen from the server's side first
            await().atMost(WAIT).until(() -> metrics().contains("chat_connections_closed_total{reason=\"slow_consumer\"} 1.0"));

            stalled.countDown();
            await().atMost(WAIT).until(() -> bob.events(ChatEvent.Disconnected.class).stream()
                    .anyMatch(d -> d.code() == Reconnect.SLOW_CONSUMER && d.retryIn() != null));
            await().atMost(Duration.ofSeconds(60)).until(() -> bob.received.size() >= 200);
            assertThat(bob.received.stream().map(IncomingMessage::messageId).distinct()).hasSize(200);
            assertThat(bob.texts().get(199)).startsWith("199 ");
        }
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uri() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
