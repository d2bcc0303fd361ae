package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking end to end through REST and the WebSocket, in both policies: what holds either way lives here; what the
 * blocked sender is told differs per subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BlockingContract {
    TestServer server;

    /** Extra configuration: the block policy. */
    abstract Map<String, String> policy();

    /** What a blocked sender's socket answers to {@code send}; the message must not reach the blocker either way. */
    abstract void assertBlockedSendAnswer(ClientFrame.Send send, ServerFrame answer);

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir, policy());
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    String user(String name) {
        String id = Wire.uniqueUser(name);
        server.register(id);
        return id;
    }

    HttpResponse<String> block(String blocker, String blocked) {
        return server.request("PUT", "/v1/blocks/" + blocked, server.token(blocker), null);
    }

    HttpResponse<String> unblock(String blocker, String blocked) {
        return server.request("DELETE", "/v1/blocks/" + blocked, server.token(blocker), null);
    }

    List<String> blockList(String blocker) {
        HttpResponse<String> r = server.request("GET", "/v1/blocks", server.token(blocker), null);
        assertThat(r.statusCode()).isEqualTo(200);
        return StreamSupport.stream(Wire.json(r.body()).path("blocked").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    @Test
    void blockListShowsEachBlockedUserOnceAndUnblockRemovesThem() {
        String bob = user("bob");
        String alice = user("alice");
        String mallory = user("mallory");
        assertThat(block(bob, alice).statusCode()).isEqualTo(204);
        assertThat(block(bob, alice).statusCode()).as("blocking twice is harmless").isEqualTo(204);
        assertThat(block(bob, mallory).statusCode()).isEqualTo(204);
        assertThat(blockList(bob)).containsExactlyInAnyOrder(alice, mallory);
        assertThat(unblock(bob, alice).statusCode()).isEqualTo(204);
        assertThat(unblock(bob, alice).statusCode()).as("unblocking twice is harmless").isEqualTo(204);
        assertThat(blockList(bob)).containsExactly(mallory);
        assertThat(Wire.outcome(block(bob, bob))).isEqualTo("400 invalid_request");
        assertThat(Wire.outcome(block(bob, "not%20an%20id"))).isEqualTo("400 invalid_request");
    }

    @Test
    void aBlockedSendersMessageNeverReachesTheBlockerLiveOrLater() {
        String bob = user("bob");
        String alice = user("alice");
        String carol = user("carol");
        ClientFrame.Send blocked = Wire.send(bob, "you again");
        try (TestClient b = server.online(bob); TestClient a = server.online(alice); TestClient c = server.online(carol)) {
            assertThat(block(bob, alice).statusCode()).isEqualTo(204);
            a.send(blocked);
            assertBlockedSendAnswer(blocked, a.next(ServerFrame.class));
            // one writer commits and routes in order: carol's later message is the next thing bob could see
            c.send(Wire.send(bob, "still here"));
            c.next(ServerFrame.Accepted.class);
            ServerFrame.Message seen = b.next(ServerFrame.Message.class);
            assertThat(seen.from()).isEqualTo(carol);
            b.send(new ClientFrame.Ack(List.of(seen.messageId())));
            b.send(Wire.send(carol, "thanks"));
            b.next(ServerFrame.Accepted.class); // the ack before it is committed
            a.send(blocked);
            assertBlockedSendAnswer(blocked, a.next(ServerFrame.class));
        }
        try (TestClient b = server.connect(bob)) {
            assertThat(b.untilQueueEmpty()).as("nothing from alice was stored for bob").isEmpty();
        }
        try (TestClient a = server.connect(alice)) {
            assertThat(a.untilQueueEmpty()).as("no receipt for a message bob never got").isEmpty();
        }
    }

    @Test
    void typingFromABlockedSenderIsDropped() {
        String bob = user("bob");
        String alice = user("alice");
        String carol = user("carol");
        try (TestClient b = server.online(bob); TestClient a = server.online(alice); TestClient c = server.online(carol)) {
            assertThat(block(bob, alice).statusCode()).isEqualTo(204);
            a.send(new ClientFrame.Typing(bob));
            a.send(Wire.send(carol, "barrier"));
            a.next(ServerFrame.Accepted.class); // alice's typing frame has been handled
            c.next(ServerFrame.Message.class);
            c.send(new ClientFrame.Typing(bob));
            assertThat(b.next(ServerFrame.Typing.class).from()).isEqualTo(carol);
        }
    }

    @Test
    void blockingIsOneWayTheBlockerCanStillWriteToTheBlockedUser() {
        String bob = user("bob");
        String alice = user("alice");
        assertThat(block(bob, alice).statusCode()).isEqualTo(204);
        try (TestClient b = server.online(bob); TestClient a = server.online(alice)) {
            b.send(Wire.send(alice, "please stop"));
            b.next(ServerFrame.Accepted.class);
            assertThat(Wire.text(a.next(ServerFrame.Message.class).body())).isEqualTo("please stop");
        }
    }

    @Test
    void unblockingRestoresDeliveryOfNewMessagesButNotOfTheBlockedOnes() {
        String bob = user("bob");
        String alice = user("alice");
        assertThat(block(bob, alice).statusCode()).isEqualTo(204);
        ClientFrame.Send later = Wire.send(bob, "sorry, one more question");
        long laterId;
        try (TestClient a = server.online(alice)) {
            ClientFrame.Send during = Wire.send(bob, "while blocked");
            a.send(during);
            assertBlockedSendAnswer(during, a.next(ServerFrame.class));
            assertThat(unblock(bob, alice).statusCode()).isEqualTo(204);
            a.send(later);
            laterId = a.next(ServerFrame.Accepted.class).messageId();
        }
        try (TestClient b = server.connect(bob)) {
            List<ServerFrame> backlog = b.untilQueueEmpty();
            assertThat(backlog).hasSize(1);
            ServerFrame.Message message = (ServerFrame.Message) backlog.get(0);
            assertThat(message.messageId()).isEqualTo(laterId);
            assertThat(Wire.text(message.body())).isEqualTo("sorry, one more question");
            b.send(new ClientFrame.Ack(List.of(laterId)));
        }
        try (TestClient a = server.connect(alice)) {
            ServerFrame.Receipt receipt = a.nextOf(ServerFrame.Receipt.class);
            assertThat(receipt.messageId()).isEqualTo(laterId);
            assertThat(receipt.id()).isEqualTo(later.id());
            assertThat(receipt.status()).isEqualTo(ServerFrame.ReceiptStatus.DELIVERED);
        }
    }
}
