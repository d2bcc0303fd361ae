package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user limits (messages, key publications, reports): the frame or response over the limit, its retry hint,
 * and that one user's bucket never drains another's. Refill is one token an hour, so no token comes back mid-test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserRateLimitTest {
    private static final int MESSAGE_BURST = 20;
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    private TestServer server;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir, Map.of(
                "CHAT_LIMIT_MESSAGES", MESSAGE_BURST + ",1/h",
                "CHAT_LIMIT_KEYS", "3,1/h",
                "CHAT_LIMIT_REPORTS", "3,1/h"));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private String user(String name) {
        String id = Wire.uniqueUser(name);
        server.register(id);
        return id;
    }

    @Test
    void sendsOverTheMessageLimitGetRateLimitedFramesWithARetryHintAndAreNotStored() {
        String alice = user("alice");
        String bob = user("bob");
        List<ClientFrame.Send> sends = new ArrayList<>();
        Map<String, ServerFrame> answers = new HashMap<>();
        try (TestClient a = server.online(alice)) {
            for (int i = 0; i < MESSAGE_BURST + 10; i++) {
                ClientFrame.Send send = Wire.send(bob, "offer " + i);
                sends.add(send);
                a.send(send);
            }
            // refusals are written at once, acceptances after the commit: match answers by client id
            for (int i = 0; i < sends.size(); i++) {
                ServerFrame answer = a.next(ServerFrame.class);
                answers.put(answer instanceof ServerFrame.Accepted acc ? acc.id() : ((ServerFrame.Error) answer).id(),
                        answer);
            }
        }
        assertThat(sends.subList(0, MESSAGE_BURST)).allSatisfy(send ->
                assertThat(answers.get(send.id())).isInstanceOf(ServerFrame.Accepted.class));
        assertThat(sends.subList(MESSAGE_BURST, sends.size())).allSatisfy(send -> {
            ServerFrame.Error error = (ServerFrame.Error) answers.get(send.id());
            assertThat(error.error()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(error.retryAfterMs()).isNotNull().isBetween(1L, HOUR_MS);
        });
        try (TestClient b = server.connect(bob)) {
            assertThat(b.untilQueueEmpty()).as("only the accepted sends were stored").hasSize(MESSAGE_BURST);
        }
        assertThat(server.request("GET", "/metrics", null, null).body())
                .containsPattern("chat_limits_rejected_total\\{limit=\"messages\"[^}]*} (1\\d|[2-9]\\d|\\d{3,})\\.0");
    }

    @Test
    void aFloodingUserIsRateLimitedWhileAnotherUsersSendsAreAllAcceptedPromptly() throws Exception {
        String flooder = user("flooder");
        String calm = user("calm");
        String bob = user("bob");
        AtomicInteger floodAccepted = new AtomicInteger();
        AtomicInteger floodLimited = new AtomicInteger();
        int floodSize = 1000;
        try (TestClient f = server.online(flooder); TestClient c = server.online(calm)) {
            Thread flood = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < floodSize; i++) {
                    f.send(Wire.send(bob, "spam " + i));
                }
            });
            Thread counter = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < floodSize; i++) {
                    ServerFrame answer = f.next(ServerFrame.class);
                    if (answer instanceof ServerFrame.Error e && e.error() == ErrorCode.RATE_LIMITED) {
                        floodLimited.incrementAndGet();
                    } else if (answer instanceof ServerFrame.Accepted) {
                        floodAccepted.incrementAndGet();
                    }
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> floodLimited.get() > 0);

            long start = System.nanoTime();
            List<ClientFrame.Send> calmSends = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                ClientFrame.Send send = Wire.send(bob, "fair offer " + i);
                calmSends.add(send);
                c.send(send);
            }
            List<ServerFrame> calmAnswers = new ArrayList<>();
            for (int i = 0; i < calmSends.size(); i++) {
                calmAnswers.add(c.next(ServerFrame.class));
            }
            Duration calmTook = Duration.ofNanos(System.nanoTime() - start);

            assertThat(calmAnswers).as("the calm user's answers").allMatch(ServerFrame.Accepted.class::isInstance);
            assertThat(calmAnswers.stream().map(a -> ((ServerFrame.Accepted) a).id()).toList())
                    .containsExactlyElementsOf(calmSends.stream().map(ClientFrame.Send::id).toList());
            assertThat(calmTook).as("15 sends during the flood").isLessThan(Duration.ofSeconds(3));
            flood.join();
            counter.join();
        }
        assertThat(floodAccepted.get()).isEqualTo(MESSAGE_BURST);
        assertThat(floodLimited.get()).isEqualTo(floodSize - MESSAGE_BURST);
    }

    @Test
    void keyPublicationsOverTheLimitGet429WithRetryAfterAndOtherUsersStillPublish() {
        String alice = user("alice"); // registering spent one of the three tokens
        for (int i = 0; i < 2; i++) {
            assertThat(publish(alice).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = publish(alice);
        assertRateLimited(refused);
        assertThat(publish(user("bob")).statusCode()).as("another user's bucket").isEqualTo(200);
    }

    @Test
    void reportsOverTheLimitGet429WithRetryAfterAndOtherUsersStillReport() {
        String reporter = user("reporter");
        String spammer = user("spammer");
        for (int i = 0; i < 3; i++) {
            assertThat(report(reporter, spammer).statusCode()).isEqualTo(201);
        }
        assertRateLimited(report(reporter, spammer));
        assertThat(report(user("neighbour"), spammer).statusCode()).as("another user's bucket").isEqualTo(201);
        assertThat(server.request("GET", "/v1/admin/reports?reportedUser=" + spammer, server.adminToken("mod"), null)
                .body()).satisfies(body -> assertThat(Wire.json(body).path("reports").size()).isEqualTo(4));
    }

    private HttpResponse<String> publish(String userId) {
        return server.request("PUT", "/v1/keys", server.token(userId), TestKeys.generate().json());
    }

    private HttpResponse<String> report(String reporter, String reported) {
        return server.request("POST", "/v1/reports", server.token(reporter),
                "{\"reportedUser\":\"" + reported + "\",\"reason\":\"spam\"}");
    }

    static void assertRateLimited(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(Wire.json(response.body()).path("error").asText()).isEqualTo("rate_limited");
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, HOUR_MS / 1000));
    }
}
