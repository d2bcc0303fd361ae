package barter.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two server nodes sharing one PostgreSQL database and one Redis (under a key prefix of this test's own). */
class ClusterTest {
    private TestServer nodeA;
    private TestServer nodeB;

    private final String nodeBId = "node-b-" + UUID.randomUUID();

    @BeforeEach
    void startNodes(@TempDir Path dirA, @TempDir Path dirB) {
        String db = TestDatabases.postgres();
        Map<String, String> cluster = Map.of(
                "CHAT_REDIS_URL", "redis://127.0.0.1:6379/0",
                "CHAT_REDIS_PREFIX", "test-" + UUID.randomUUID() + ":",
                "CHAT_LIMIT_MESSAGES", "6,1/h");
        nodeA = TestServer.start(db, dirA, cluster);
        Map<String, String> b = new java.util.HashMap<>(cluster);
        b.put("CHAT_NODE_ID", nodeBId);
        nodeB = TestServer.start(db, dirB, b);
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    private static ClientFrame.Send send(String to, String text) {
        return new ClientFrame.Send(UUID.randomUUID().toString(), to, Base64.getEncoder().encodeToString(text.getBytes()));
    }

    @Test
    void aMessageAndItsReceiptCrossNodesLive() {
        nodeA.register("alice");
        nodeB.register("bob");
        try (TestClient alice = nodeA.online("alice"); TestClient bob = nodeB.online("bob")) {
            alice.send(send("bob", "hello across nodes"));
            long id = alice.next(ServerFrame.Accepted.class).messageId();
            ServerFrame.Message message = bob.next(ServerFrame.Message.class);
            assertThat(message.messageId()).isEqualTo(id);
            bob.send(new ClientFrame.Ack(List.of(id)));
            assertThat(alice.next(ServerFrame.Receipt.class).messageId()).isEqualTo(id);
            bob.send(new ClientFrame.Typing("alice"));
            assertThat(alice.next(ServerFrame.Typing.class).from()).isEqualTo("bob");
        }
    }

    @Test
    void theBacklogGaugeIsTheWholeStoresOnEveryNode() {
        nodeA.register("erin");
        nodeB.register("frank");
        try (TestClient erin = nodeA.online("erin")) {
            erin.send(send("frank", "one"));
            erin.send(send("frank", "two"));
            erin.next(ServerFrame.Accepted.class);
            erin.next(ServerFrame.Accepted.class);
        }
        assertThat(nodeA.metric("chat_messaging_queue_size")).isEqualTo(2.0);
        assertThat(nodeB.metric("chat_messaging_queue_size")).as("accepted on the other node").isEqualTo(2.0);
        try (TestClient frank = nodeB.connect("frank")) {
            List<ServerFrame> backlog = frank.untilQueueEmpty();
            frank.send(new ClientFrame.Ack(backlog.stream().map(f -> ((ServerFrame.Message) f).messageId()).toList()));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(nodeA.metric("chat_messaging_queue_size")).as("acked on the other node").isZero());
        }
    }

    @Test
    void connectingOnAnotherNodeDisplacesTheOlderConnection() {
        nodeA.register("bob");
        try (TestClient first = nodeA.online("bob"); TestClient second = nodeB.online("bob")) {
            assertThat(first.awaitCloseCode()).isEqualTo(4409);
            nodeA.register("alice");
            try (TestClient alice = nodeA.online("alice")) {
                alice.send(send("bob", "to the newest connection"));
                assertThat(second.next(ServerFrame.Message.class).from()).isEqualTo("alice");
            }
        }
    }

    @Test
    void keyRotationOnOneNodeIsSeenAtOnceOnTheOther() {
        nodeA.register("carol");
        String first = nodeB.request("GET", "/v1/keys/carol", nodeB.token("dave"), null).body();
        TestKeys rotated = TestKeys.generate();
        assertThat(nodeA.request("PUT", "/v1/keys", nodeA.token("carol"), rotated.json()).statusCode()).isEqualTo(200);
        String agreement = Base64.getEncoder().encodeToString(rotated.agreementKey());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(nodeB.request("GET", "/v1/keys/carol", nodeB.token("dave"), null).body())
                        .isNotEqualTo(first).contains(agreement));
    }

    @Test
    void aSuspensionOnOneNodeClosesTheSocketOnTheOtherAndRefusesAReconnectThereAtOnce() {
        nodeA.register("mallory");
        // node B has cached "not suspended" for mallory by letting her in
        try (TestClient mallory = nodeB.online("mallory")) {
            assertThat(nodeA.request("PUT", "/v1/admin/suspensions/mallory", nodeA.adminToken("mod"),
                    "{\"reason\":\"scam\"}").statusCode()).isEqualTo(200);
            assertThat(mallory.awaitCloseCode()).isEqualTo(4403);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                nodeB.request("GET", "/v1/blocks", nodeB.token("mallory"), null).statusCode()).isEqualTo(401));
    }

    @Test
    void aBlockOnOneNodeIsEnforcedByTheOtherAtOnce() {
        nodeA.register("grace");
        nodeA.register("heidi");
        nodeA.register("barrier");
        String before = nodeB.request("GET", "/v1/keys/barrier", nodeB.token("heidi"), null).body();
        try (TestClient heidi = nodeB.online("heidi")) {
            heidi.send(send("grace", "before the block"));
            heidi.next(ServerFrame.Accepted.class);
            assertThat(nodeA.request("PUT", "/v1/blocks/heidi", nodeA.token("grace"), null).statusCode())
                    .isBetween(200, 204);
            // without the invalidation node B would trust its cached list for minutes. A key rotation published by
            // node A after the block, on the same connection and channel, reaches node B after it: once B serves
            // the rotated key, it has also dropped grace's cached block list
            TestKeys rotated = TestKeys.generate();
            assertThat(nodeA.request("PUT", "/v1/keys", nodeA.token("barrier"), rotated.json()).statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> !nodeB.request("GET", "/v1/keys/barrier",
                    nodeB.token("heidi"), null).body().equals(before));
            heidi.send(send("grace", "after the block"));
            heidi.next(ServerFrame.Accepted.class);
        }
        try (TestClient grace = nodeA.connect("grace")) {
            List<ServerFrame> backlog = grace.untilQueueEmpty();
            assertThat(backlog).extracting(f -> new String(Base64.getDecoder()
                    .decode(((ServerFrame.Message) f).body()))).containsExactly("before the block");
        }
    }

    @Test
    void aMessageForARecipientWhoseNodeStoppedIsDeliveredOnReconnectElsewhere() {
        nodeA.register("alice");
        nodeB.register("bob");
        TestClient bob = nodeB.online("bob");
        nodeB.close();
        bob.awaitCloseCode();
        try (TestClient alice = nodeA.online("alice")) {
            alice.send(send("bob", "kept in the shared store"));
            alice.next(ServerFrame.Accepted.class);
        }
        try (TestClient again = nodeA.connect("bob")) {
            List<ServerFrame> backlog = again.untilQueueEmpty();
            assertThat(backlog).hasSize(1);
            assertThat(((ServerFrame.Message) backlog.get(0)).from()).isEqualTo("alice");
        }
    }

    @Test
    void pushesLostWhileThePubSubConnectionWasDownAreReadFromTheStore() {
        nodeA.register("alice");
        nodeB.register("bob");
        try (TestClient alice = nodeA.online("alice"); TestClient bob = nodeB.online("bob");
             RedisClient redis = RedisClient.create("redis://127.0.0.1:6379/0")) {
            var commands = redis.connect().sync();
            // node B's pub/sub connection drops; Lettuce reconnects it, but what was published meanwhile is gone
            long subscriber = commands.clientList().lines()
                    .filter(line -> line.contains(" name=barter-chat-" + nodeBId + " ") && line.contains(" flags=P "))
                    .mapToLong(line -> Long.parseLong(line.substring(3, line.indexOf(' '))))
                    .findFirst().orElseThrow();
            assertThat(commands.clientKill(KillArgs.Builder.id(subscriber))).isEqualTo(1L);
            for (int i = 0; i < 5; i++) {
                alice.send(send("bob", "during the outage " + i));
                alice.next(ServerFrame.Accepted.class);
            }
            for (int i = 0; i < 5; i++) {
                ServerFrame.Message message = bob.next(ServerFrame.Message.class);
                assertThat(new String(Base64.getDecoder().decode(message.body()))).isEqualTo("during the outage " + i);
            }
            bob.expectSilence(Duration.ofMillis(300));
        }
    }

    @Test
    void rateLimitsAreSharedByAllNodes() {
        nodeA.register("erin");
        nodeA.register("frank");
        int accepted = 0;
        int limited = 0;
        for (TestServer node : List.of(nodeA, nodeB)) {
            try (TestClient erin = node.online("erin")) {
                for (int i = 0; i < 4; i++) {
                    erin.send(send("frank", "offer " + i));
                    ServerFrame answer = erin.poll(Duration.ofSeconds(10));
                    if (answer instanceof ServerFrame.Accepted) {
                        accepted++;
                    } else if (answer instanceof ServerFrame.Error e && e.error() == ErrorCode.RATE_LIMITED) {
                        assertThat(e.retryAfterMs()).isPositive();
                        limited++;
                    }
                }
            }
        }
        assertThat(accepted).as("the burst of 6 is shared by both nodes").isEqualTo(6);
        assertThat(limited).isEqualTo(2);
    }
}
