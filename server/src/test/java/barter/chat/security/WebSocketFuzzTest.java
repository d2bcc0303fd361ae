package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile frames over a real WebSocket. A victim has messages waiting; a bystander is online; a fuzzer (and an
 * unauthenticated socket) sends random, mutated and valid-but-sneaky frames: acks of the victim's message ids,
 * sends with a forged {@code from}, auth frames carrying the victim's real token. After every batch the server
 * is healthy, the bystander's connection is open and served, and the victim still gets every stored message.
 */
class WebSocketFuzzTest {
    private static final int FRAMES_PER_TRY = 20;

    private static Path dataDir;
    private static TestServer server;
    private static String victim;
    private static String bystander;
    private static String fuzzer;
    private static List<Long> stored;
    private static TestClient bystanderSocket;

    @BeforeContainer
    static void startServer() throws IOException {
        dataDir = Files.createTempDirectory("chat-fuzz");
        // a small body limit keeps the oversized frames (closed with 1009) cheap to send
        // every try's garbage would add up past the invalid-frame limit, which FrameFloodTest covers
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir, Map.of("CHAT_MAX_BODY_BYTES", "4096",
                "CHAT_LIMIT_INVALID", "1000000,1000000/s"));
        victim = Wire.uniqueUser("victim");
        bystander = Wire.uniqueUser("bystander");
        fuzzer = Wire.uniqueUser("fuzzer");
        String sender = Wire.uniqueUser("sender");
        List.of(victim, bystander, fuzzer, sender).forEach(server::register);
        stored = new ArrayList<>();
        try (TestClient s = server.online(sender)) {
            for (int i = 0; i < 5; i++) {
                s.send(Wire.send(victim, "stored " + i));
                stored.add(s.next(ServerFrame.Accepted.class).messageId());
            }
        }
        bystanderSocket = server.online(bystander);
    }

    @AfterContainer
    static void stopServer() {
        bystanderSocket.close();
        server.close();
        Wire.deleteRecursively(dataDir);
    }

    /** On the fuzzer's own socket: auth frames carry the victim's real tokens, which must not switch identity. */
    @Provide
    Arbitrary<List<String>> userBatches() {
        return batches(List.of(server.token(victim), server.adminToken(victim), "not.a.token"));
    }

    /** On an anonymous socket an auth frame may succeed, so it carries only the fuzzer's own token. */
    @Provide
    Arbitrary<List<String>> anonymousBatches() {
        return batches(List.of(server.token(fuzzer), "not.a.token", ""));
    }

    private static Arbitrary<List<String>> batches(List<String> tokens) {
        List<String> users = List.of(victim, bystander, fuzzer, "nobody-" + victim);
        List<Long> ids = new ArrayList<>(stored);
        ids.add(Long.MAX_VALUE);
        Arbitrary<String> oversized = Arbitraries.just(
                "{\"type\":\"send\",\"id\":\"big\",\"to\":\"" + victim + "\",\"body\":\"" + "A".repeat(40_000) + "\"}");
        return Arbitraries.frequencyOf(Tuple.of(40, HostileInput.frames(users, ids, tokens)), Tuple.of(1, oversized))
                .list().ofSize(FRAMES_PER_TRY);
    }

    @Property(tries = 10)
    void hostileFramesFromAUserNeverCrashTheServerCloseOthersOrLoseStoredMessages(
            @ForAll("userBatches") List<String> frames) {
        List<ServerFrame> answers = new ArrayList<>();
        TestClient socket = server.online(fuzzer);
        try {
            for (String frame : frames) {
                if (socket.isClosed()) {
                    assertClosedForAnOversizedFrame(socket);
                    socket.close();
                    socket = server.online(fuzzer);
                }
                sendIgnoringClosedSocket(socket, frame);
            }
            // a barrier: once it is accepted, every frame before it has been answered (or the socket was closed)
            ClientFrame.Send barrier = Wire.send(bystander, "barrier");
            sendIgnoringClosedSocket(socket, Wire.CODEC.encode(barrier));
            answers.addAll(framesUntilAcceptedOrClosed(socket, barrier.id()));
            if (socket.isClosed()) {
                assertClosedForAnOversizedFrame(socket);
            }
        } finally {
            socket.close();
        }
        assertThat(answers).noneMatch(f -> f instanceof ServerFrame.Error e
                && (e.error() == ErrorCode.INTERNAL || e.error() == ErrorCode.UNAVAILABLE));
        assertServerHealthyBystanderServedAndVictimWhole();
    }

    @Property(tries = 5)
    void hostileFramesOnAnUnauthenticatedSocketAreRefusedAndNeverAuthenticateIt(
            @ForAll("anonymousBatches") List<String> frames) {
        try (TestClient socket = TestClient.connectAnonymously(server.port())) {
            for (String frame : frames) {
                if (socket.isClosed()) {
                    break;
                }
                sendIgnoringClosedSocket(socket, frame);
            }
            List<ServerFrame> answers = new ArrayList<>();
            ServerFrame next;
            while ((next = socket.poll(Duration.ofMillis(socket.isClosed() ? 0 : 200))) != null) {
                answers.add(next);
            }
            // an auth frame with the victim's real token is the one way in; anything else is refused
            boolean authenticated = answers.stream().anyMatch(ServerFrame.QueueEmpty.class::isInstance);
            if (!authenticated) {
                assertThat(answers).allMatch(ServerFrame.Error.class::isInstance);
            }
            if (socket.isClosed()) {
                int code = socket.awaitCloseCode();
                assertThat(code).as("closed: %s", socket.awaitCloseReason()).isIn(1008, 1009, 1006);
                if (code == 1006) {
                    // the close frame was lost with the client's own aborted write after the server closed
                    assertThat(socket.awaitCloseReason()).contains("IOException");
                }
            }
        }
        assertServerHealthyBystanderServedAndVictimWhole();
    }

    private static void assertServerHealthyBystanderServedAndVictimWhole() {
        assertThat(server.request("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
        assertThat(bystanderSocket.isClosed()).as("the bystander's connection").isFalse();
        ClientFrame.Send ping = Wire.send(fuzzer, "still there?");
        bystanderSocket.send(ping);
        framesUntilAccepted(bystanderSocket, ping.id());
        try (TestClient v = server.connect(victim)) {
            List<Long> received = v.untilQueueEmpty().stream()
                    .filter(ServerFrame.Message.class::isInstance)
                    .map(f -> ((ServerFrame.Message) f).messageId())
                    .toList();
            assertThat(received).as("the victim's stored messages").containsAll(stored);
        }
    }

    private static List<ServerFrame> framesUntilAccepted(TestClient socket, String clientId) {
        List<ServerFrame> seen = framesUntilAcceptedOrClosed(socket, clientId);
        assertThat(seen).last().isInstanceOf(ServerFrame.Accepted.class);
        return seen;
    }

    private static List<ServerFrame> framesUntilAcceptedOrClosed(TestClient socket, String clientId) {
        List<ServerFrame> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ServerFrame frame = socket.poll(Duration.ofMillis(50));
            if (frame == null) {
                if (socket.isClosed()) {
                    return seen;
                }
                continue;
            }
            seen.add(frame);
            if (frame instanceof ServerFrame.Accepted a && a.id().equals(clientId)) {
                return seen;
            }
        }
        throw new AssertionError("neither accepted nor closed within 10 s; got " + seen);
    }

    /**
     * 1009 is the server's close for an oversized frame. When the server closes while the client is still writing
     * that frame, the client's write fails and it may never read the close frame: it then sees 1006 (abnormal),
     * and its own failed write is the proof that an oversized frame was in flight.
     */
    private static void assertClosedForAnOversizedFrame(TestClient socket) {
        assertThat(socket.awaitCloseCode()).as("only an oversized frame closes the socket: %s", socket.awaitCloseReason())
                .isIn(1009, 1006);
        if (socket.awaitCloseCode() == 1006) {
            assertThat(socket.awaitCloseReason()).as("an abnormal close only from an aborted write").contains("IOException");
        }
    }

    /** The server may close the socket mid-batch (an oversized frame); that is checked, not a test error. */
    private static void sendIgnoringClosedSocket(TestClient socket, String frame) {
        try {
            socket.sendText(frame);
        } catch (CompletionException | IllegalStateException e) {
            // closed under us; the caller checks the close code
        }
    }
}
