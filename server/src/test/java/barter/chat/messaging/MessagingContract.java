package barter.chat.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket messaging guarantees, run against a real server on each store (subclasses pick the store). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MessagingContract {
    private static final AtomicInteger USERS = new AtomicInteger();

    TestServer server;

    abstract TestDatabases.Kind kind();

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(kind(), dataDir);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    String user(String name) {
        String id = name + "-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        server.register(id);
        return id;
    }

    static String body(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    static String text(ServerFrame.Message message) {
        return new String(Base64.getDecoder().decode(message.body()));
    }

    static ClientFrame.Send send(String to, String text) {
        return new ClientFrame.Send(UUID.randomUUID().toString(), to, body(text));
    }

    @Test
    void onlineRecipientGetsMessageAtOnceAndSenderGetsAccepted() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient a = server.online(alice); TestClient b = server.online(bob)) {
            ClientFrame.Send send = send(bob, "is the bike still available?");
            a.send(send);
            ServerFrame.Accepted accepted = a.next(ServerFrame.Accepted.class);
            assertThat(accepted.id()).isEqualTo(send.id());
            assertThat(accepted.messageId()).isPositive();
            ServerFrame.Message message = b.next(ServerFrame.Message.class);
            assertThat(message.messageId()).isEqualTo(accepted.messageId());
            assertThat(message.from()).isEqualTo(alice);
            assertThat(text(message)).isEqualTo("is the bike still available?");
            assertThat(message.ts()).isEqualTo(accepted.ts());
        }
    }

    @Test
    void offlineMessagesArriveInOrderOnConnectFollowedByQueueEmpty() {
        String alice = user("alice");
        String bob = user("bob");
        List<Long> ids = new ArrayList<>();
        try (TestClient a = server.online(alice)) {
            for (int i = 0; i < 50; i++) {
                a.send(send(bob, "offer " + i));
            }
            for (int i = 0; i < 50; i++) {
                ids.add(a.next(ServerFrame.Accepted.class).messageId());
            }
        }
        try (TestClient b = server.connect(bob)) {
            List<ServerFrame> backlog = b.untilQueueEmpty();
            assertThat(backlog).hasSize(50).allMatch(ServerFrame.Message.class::isInstance);
            List<String> texts = backlog.stream().map(f -> text((ServerFrame.Message) f)).toList();
            assertThat(texts).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 50).mapToObj(i -> "offer " + i).toList());
            assertThat(backlog.stream().map(f -> ((ServerFrame.Message) f).messageId()).toList())
                    .containsExactlyElementsOf(ids);
        }
    }

    @Test
    void ackDeletesTheMessageAndQueuesADeliveredReceiptForAnOfflineSender() {
        String alice = user("alice");
        String bob = user("bob");
        ClientFrame.Send send = send(bob, "deal");
        long messageId;
        try (TestClient a = server.online(alice)) {
            a.send(send);
            messageId = a.next(ServerFrame.Accepted.class).messageId();
        }
        try (TestClient b = server.connect(bob)) {
            ServerFrame.Message message = (ServerFrame.Message) b.untilQueueEmpty().get(0);
            b.send(new ClientFrame.Ack(List.of(message.messageId())));
        }
        // an ack has no answer frame: reconnect until it is committed (until then the message comes again)
        assertThat(settledBacklog(bob, List::isEmpty)).as("an acked message is not sent again").isEmpty();
        List<ServerFrame> backlog = settledBacklog(alice, frames -> !frames.isEmpty());
        assertThat(backlog).containsExactly(new ServerFrame.Receipt(messageId, send.id(),
                ServerFrame.ReceiptStatus.DELIVERED, ((ServerFrame.Receipt) backlog.get(0)).ts()));
        try (TestClient a = server.connect(alice)) {
            a.untilQueueEmpty();
            a.send(new ClientFrame.Ack(List.of(messageId)));
        }
        assertThat(settledBacklog(alice, List::isEmpty)).as("an acked receipt is not sent again").isEmpty();
    }

    /** Reconnects as {@code user} until the backlog satisfies {@code settled} (at most 10 s) and returns it. */
    List<ServerFrame> settledBacklog(String user, java.util.function.Predicate<List<ServerFrame>> settled) {
        java.util.concurrent.atomic.AtomicReference<List<ServerFrame>> last = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (TestClient c = server.connect(user)) {
                last.set(c.untilQueueEmpty());
                return settled.test(last.get());
            }
        });
        return last.get();
    }

    @Test
    void onlineSenderGetsTheReceiptAsSoonAsTheRecipientAcks() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient a = server.online(alice); TestClient b = server.online(bob)) {
            ClientFrame.Send send = send(bob, "ok");
            a.send(send);
            a.next(ServerFrame.Accepted.class);
            ServerFrame.Message message = b.next(ServerFrame.Message.class);
            b.send(new ClientFrame.Ack(List.of(message.messageId())));
            ServerFrame.Receipt receipt = a.next(ServerFrame.Receipt.class);
            assertThat(receipt.messageId()).isEqualTo(message.messageId());
            assertThat(receipt.id()).isEqualTo(send.id());
            assertThat(receipt.status()).isEqualTo(ServerFrame.ReceiptStatus.DELIVERED);
        }
    }

    @Test
    void repeatedSendGetsTheSameAnswerAndIsStoredAndDeliveredOnce() {
        String alice = user("alice");
        String bob = user("bob");
        ClientFrame.Send send = send(bob, "once");
        try (TestClient a = server.online(alice)) {
            a.send(send);
            ServerFrame.Accepted first = a.next(ServerFrame.Accepted.class);
            a.send(send);
            ServerFrame.Accepted second = a.next(ServerFrame.Accepted.class);
            assertThat(second).isEqualTo(first);
        }
        try (TestClient b = server.connect(bob)) {
            assertThat(b.untilQueueEmpty()).hasSize(1);
        }
        try (TestClient a = server.online(alice)) {
            a.send(send);
            assertThat(a.next(ServerFrame.Accepted.class).messageId()).as("also after a reconnect").isPositive();
        }
        try (TestClient b = server.connect(bob)) {
            assertThat(b.untilQueueEmpty()).hasSize(1);
        }
    }

    @Test
    void repeatedSendAfterTheAckIsStillAnsweredAndNotDeliveredAgain() {
        String alice = user("alice");
        String bob = user("bob");
        ClientFrame.Send send = send(bob, "once");
        try (TestClient a = server.online(alice); TestClient b = server.online(bob)) {
            a.send(send);
            ServerFrame.Accepted first = a.next(ServerFrame.Accepted.class);
            b.send(new ClientFrame.Ack(List.of(b.next(ServerFrame.Message.class).messageId())));
            a.next(ServerFrame.Receipt.class);
            a.send(send);
            assertThat(a.next(ServerFrame.Accepted.class)).isEqualTo(first);
            b.expectSilence(Duration.ofMillis(300));
        }
    }

    @Test
    void unackedMessagesAreSentAgainOnTheNextConnection() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient a = server.online(alice); TestClient b = server.online(bob)) {
            a.send(send(bob, "first"));
            a.send(send(bob, "second"));
            b.next(ServerFrame.Message.class);
            b.next(ServerFrame.Message.class);
        }
        try (TestClient b = server.connect(bob)) {
            List<ServerFrame> again = b.untilQueueEmpty();
            assertThat(again).extracting(f -> text((ServerFrame.Message) f)).containsExactly("first", "second");
        }
    }

    @Test
    void liveMessagesDuringTheBacklogDrainKeepOrderAndAreNotDuplicated() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient a = server.online(alice)) {
            for (int i = 0; i < 300; i++) {
                a.send(send(bob, "m" + i));
            }
            for (int i = 0; i < 300; i++) {
                a.next(ServerFrame.Accepted.class);
            }
            try (TestClient b = server.connect(bob)) {
                for (int i = 300; i < 400; i++) {
                    a.send(send(bob, "m" + i));
                }
                List<String> seen = new ArrayList<>();
                while (seen.size() < 400) {
                    ServerFrame frame = b.poll(Duration.ofSeconds(10));
                    assertThat(frame).as("after %s messages", seen.size()).isNotNull();
                    if (frame instanceof ServerFrame.Message m) {
                        seen.add(text(m));
                    }
                }
                assertThat(seen).containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 400).mapToObj(i -> "m" + i).toList());
                b.expectSilence(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void typingReachesAnOnlineRecipientAndIsNeverStored() {
        String alice = user("alice");
        String bob = user("bob");
        try (TestClient a = server.online(alice); TestClient b = server.online(bob)) {
            a.send(new ClientFrame.Typing(bob));
            assertThat(b.next(ServerFrame.Typing.class).from()).isEqualTo(alice);
        }
        try (TestClient a = server.online(alice)) {
            a.send(new ClientFrame.Typing(bob));
            a.expectSilence(Duration.ofMillis(200));
        }
        try (TestClient b = server.connect(bob)) {
            assertThat(b.untilQueueEmpty()).isEmpty();
        }
    }

    @Test
    void aNewConnectionDisplacesTheOlderOneWithCode4409() {
        String bob = user("bob");
        try (TestClient first = server.online(bob); TestClient second = server.online(bob)) {
            assertThat(first.awaitCloseCode()).isEqualTo(4409);
            String alice = user("alice");
            try (TestClient a = server.online(alice)) {
                a.send(send(bob, "to the newer one"));
                assertThat(text(second.next(ServerFrame.Message.class))).isEqualTo("to the newer one");
            }
        }
    }

    @Test
    void twoHundredClientsExchangeMessagesAndEachIsDeliveredExactlyOnce() throws Exception {
        int pairs = 100;
        int perSender = 10;
        List<String> senders = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            senders.add(user("s" + i));
            recipients.add(user("r" + i));
        }
        List<TestClient> clients = new ArrayList<>();
        try {
            List<TestClient> out = new ArrayList<>();
            List<TestClient> in = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                out.add(server.online(senders.get(i)));
                in.add(server.online(recipients.get(i)));
            }
            clients.addAll(out);
            clients.addAll(in);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < pairs; i++) {
                    TestClient sender = out.get(i);
                    String to = recipients.get(i);
                    pool.submit(() -> {
                        for (int m = 0; m < perSender; m++) {
                            sender.send(send(to, "n" + m));
                        }
                    });
                }
            }
            for (int i = 0; i < pairs; i++) {
                List<String> got = new ArrayList<>();
                for (int m = 0; m < perSender; m++) {
                    ServerFrame.Message message = in.get(i).next(ServerFrame.Message.class);
                    assertThat(message.from()).isEqualTo(senders.get(i));
                    got.add(text(message));
                }
                assertThat(got).containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, perSender).mapToObj(m -> "n" + m).toList());
            }
            for (TestClient recipient : in) {
                recipient.expectSilence(Duration.ofMillis(20));
            }
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void anAbruptlyDroppedConnectionIsCleanedUpAndItsMessagesStayStored() {
        String alice = user("alice");
        String bob = user("bob");
        TestClient b = server.online(bob);
        b.abort();
        try (TestClient a = server.online(alice)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                a.send(new ClientFrame.Typing(bob));
                assertThat(server.request("GET", "/metrics", null, null).body())
                        .contains("chat_connections_active");
                assertThat(activeConnections()).isLessThanOrEqualTo(1.0 + otherConnections());
            });
            a.send(send(bob, "after the drop"));
            a.next(ServerFrame.Accepted.class);
        }
        try (TestClient again = server.connect(bob)) {
            assertThat(again.untilQueueEmpty()).extracting(f -> text((ServerFrame.Message) f))
                    .containsExactly("after the drop");
        }
    }

    private double otherConnections() {
        return 0;
    }

    double activeConnections() {
        String metrics = server.request("GET", "/metrics", null, null).body();
        return metrics.lines().filter(l -> l.startsWith("chat_connections_active"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
