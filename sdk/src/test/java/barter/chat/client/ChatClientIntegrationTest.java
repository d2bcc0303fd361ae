package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two SDK clients through the real server (in-process, SQLite, free port). */
class ChatClientIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestServer server;
    private TestPeer alice;
    private TestPeer bob;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("server"));
        alice = new TestPeer(server, dir, "alice");
        bob = new TestPeer(server, dir, "bob");
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        server.close();
    }

    @Test
    void onlineChatIsDecryptedVerifiedAndReceipted() throws Exception {
        alice.connect();
        bob.connect();
        await().atMost(WAIT).until(() -> alice.client().isConnected() && bob.client().isConnected());

        Sent sent = alice.client().send("bob", "is the bike still for trade?").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);
        IncomingMessage got = bob.received.get(0);
        assertThat(got.from()).isEqualTo("alice");
        assertThat(got.text()).isEqualTo("is the bike still for trade?");
        assertThat(got.messageId()).isEqualTo(sent.messageId());

        await().atMost(WAIT).until(() -> !alice.events(ChatEvent.Delivered.class).isEmpty());
        assertThat(alice.events(ChatEvent.Delivered.class).get(0).clientId()).isEqualTo(sent.clientId());

        bob.client().send("alice", "yes, for your guitar").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> alice.texts().contains("yes, for your guitar"));
    }

    @Test
    void offlineRecipientGetsTheBacklogInOrderOnConnect() throws Exception {
        alice.connect();
        List<CompletableFuture<Sent>> sends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sends.add(alice.client().send("bob", "offer " + i));
        }
        for (CompletableFuture<Sent> s : sends) {
            s.get(10, TimeUnit.SECONDS);
        }
        assertThat(bob.received).isEmpty();

        bob.connect();
        await().atMost(WAIT).until(() -> bob.received.size() == 5);
        assertThat(bob.texts()).containsExactly("offer 0", "offer 1", "offer 2", "offer 3", "offer 4");
        await().atMost(WAIT).until(() -> !bob.events(ChatEvent.QueueDrained.class).isEmpty());
        await().atMost(WAIT).until(() -> alice.events(ChatEvent.Delivered.class).size() == 5);
    }

    @Test
    void sendsWhileTheServerIsDownAreDeliveredOnceAfterItRestarts() throws Exception {
        alice.connect();
        bob.connect();
        await().atMost(WAIT).until(() -> alice.client().isConnected() && bob.client().isConnected());
        alice.client().send("bob", "before").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);

        server.stop();
        await().atMost(WAIT).until(() -> !alice.client().isConnected());
        List<CompletableFuture<Sent>> during = IntStream.range(0, 10)
                .mapToObj(i -> alice.client().send("bob", "during " + i)).collect(Collectors.toList());
        assertThat(alice.client().pendingSends()).isEqualTo(10);
        server.start();

        for (CompletableFuture<Sent> s : during) {
            s.get(20, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> bob.received.size() == 11);
        List<String> expected = new ArrayList<>(List.of("before"));
        IntStream.range(0, 10).forEach(i -> expected.add("during " + i));
        assertThat(bob.texts()).containsExactlyElementsOf(expected);
        assertThat(bob.received.stream().map(IncomingMessage::messageId).distinct()).hasSize(11);
    }

    @Test
    void messageWhoseAckWasLostIsRedeliveredButReachesTheAppOnce() throws Exception {
        deliverFirstWithItsAckLost();

        server.start();
        await().atMost(WAIT).until(() -> bob.events(ChatEvent.Connected.class).size() >= 2
                && !bob.events(ChatEvent.QueueDrained.class).isEmpty());
        alice.client().send("bob", "second").get(20, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() >= 2);
        assertThat(bob.texts()).containsExactly("first", "second");
    }

    @Test
    void aMessageWhoseAckWasLostIsNotShownAgainByARestartedClient() throws Exception {
        deliverFirstWithItsAckLost();

        // Bob's process is replaced before the redelivery: only the dedup file remembers "first".
        bob.restartClient();
        server.start();
        bob.connect();
        await().atMost(WAIT).until(() -> bob.events(ChatEvent.QueueDrained.class).size() >= 2);
        alice.client().send("bob", "second").get(20, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() >= 2);
        assertThat(bob.texts()).containsExactly("first", "second");
    }

    /**
     * The server goes down while bob's handler runs, so bob's ack cannot be written: after the restart the server
     * delivers "first" again, and the SDK must drop it (and ack it) instead of showing it twice.
     */
    private void deliverFirstWithItsAckLost() throws Exception {
        bob.beforeRecord = m -> {
            if (m.text().equals("first")) {
                server.stop();
            }
        };
        alice.connect();
        bob.connect();
        await().atMost(WAIT).until(() -> alice.client().isConnected() && bob.client().isConnected());
        alice.client().send("bob", "first").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);
        bob.beforeRecord = m -> { };
    }

    @Test
    void clientRestartResumesWithoutDuplicates() throws Exception {
        alice.connect();
        bob.connect();
        alice.client().send("bob", "one").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);
        bob.restartClient();
        alice.client().send("bob", "two").get(10, TimeUnit.SECONDS);
        bob.connect();
        await().atMost(WAIT).until(() -> bob.received.size() == 2);
        await().atMost(WAIT).until(() -> !bob.events(ChatEvent.QueueDrained.class).isEmpty());
        assertThat(bob.texts()).containsExactly("one", "two");
    }
}
