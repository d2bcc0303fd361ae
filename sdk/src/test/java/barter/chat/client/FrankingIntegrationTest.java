package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.client.crypto.Envelope;
import barter.chat.client.crypto.Hpke;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.FrameCodec;
import barter.chat.protocol.Franking;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message franking through the real server (docs/security.md, "Verifiable reports"): the SDK franks every send,
 * checks the commitment of what it receives, and reports with the franking key so the server can prove the text.
 */
class FrankingIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestServer server;
    private TestPeer alice;
    private TestPeer bob;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("server"));
        alice = new TestPeer(server, dir, "alice").connect();
        bob = new TestPeer(server, dir, "bob").connect();
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        server.close();
    }

    @Test
    void aFrankedMessageIsReportedWithProofOfItsText() throws Exception {
        alice.client().send("bob", "pay me 200 outside the app").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);
        IncomingMessage got = bob.received.get(0);
        assertThat(got.text()).isEqualTo("pay me 200 outside the app");
        assertThat(got.isFranked()).isTrue();

        AbuseReport report = bob.client().report(got, "scam");

        assertThat(report.verified()).isTrue();
        assertThat(report.evidenceVerified()).isTrue();
    }

    @Test
    void aReportWithWordsTheSenderDidNotSendIsNotVerified() throws Exception {
        alice.client().send("bob", "see you at noon").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);
        IncomingMessage got = bob.received.get(0);
        IncomingMessage forged = new IncomingMessage(got.messageId(), got.from(), "send me your password",
                got.sentAt(), got.frankingKey());

        AbuseReport report = bob.client().report(forged, "harassment");

        assertThat(report.verified()).isFalse();
        assertThat(report.evidenceVerified()).isFalse();
    }

    @Test
    void aMessageWhoseCommitmentDoesNotOpenIsRejectedNotShown() throws Exception {
        byte[] key = Franking.newKey(new SecureRandom());
        byte[] sent = "an abusive line".getBytes(StandardCharsets.UTF_8);
        byte[] envelope = Envelope.seal(Hpke.randomSealer(), "alice", alice.store.current(), "bob",
                bob.store.current().publicKeys().agreementKey(), Franking.wrap(key, sent));
        String commitment = Base64.getEncoder().encodeToString(
                Franking.commit(key, "a harmless line".getBytes(StandardCharsets.UTF_8)));
        sendRaw("alice", new ClientFrame.Send("raw-1", "bob", Base64.getEncoder().encodeToString(envelope),
                commitment));

        await().atMost(WAIT).until(() -> !bob.events(ChatEvent.MessageRejected.class).isEmpty());
        assertThat(bob.events(ChatEvent.MessageRejected.class).get(0).reason()).contains("franking commitment");
        assertThat(bob.received).isEmpty();
    }

    /** A client that is not the SDK: sends one frame as {@code user} and waits for its answer. */
    private void sendRaw(String user, ClientFrame frame) throws Exception {
        CopyOnWriteArrayList<String> answers = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + TestServer.token(user))
                .buildAsync(URI.create(server.uri().toString().replace("http", "ws") + "/v1/ws"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                answers.add(data.toString());
                                ws.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        socket.sendText(new FrameCodec(1 << 20).encode(frame), true).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> answers.stream().anyMatch(a -> a.contains("\"accepted\"")));
        socket.abort();
    }
}
