package barter.chat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** After a session of traffic (good and bad), no log line holds a message body, a token or report evidence. */
class LogHygieneTest {

    /**
     * Writes that fail inside PostgreSQL (a NUL character, which PostgreSQL text refuses): neither JDBI's rendering
     * of statement arguments nor the server's error detail may carry the body or the evidence into the log.
     */
    @Test
    void failingWritesLogNoBodyOrEvidence(@TempDir Path dir) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        String body = Base64.getEncoder().encodeToString("BODY-OF-A-FAILING-WRITE".getBytes());
        String evidence = "EVIDENCE-OF-A-FAILING-WRITE";
        try (TestServer server = TestServer.start(TestDatabases.Kind.POSTGRES, dir)) {
            server.register("carol");
            server.register("dave");
            try (TestClient carol = server.online("carol")) {
                carol.send(new ClientFrame.Send("nul\u0000id", "dave", body));
                assertThat(carol.nextOf(ServerFrame.Error.class).id()).isEqualTo("nul\u0000id");
            }
            assertThat(server.request("POST", "/v1/reports", server.token("dave"),
                    "{\"reportedUser\":\"carol\",\"reason\":\"scam\",\"evidence\":\"" + evidence + "\\u0000\"}")
                    .statusCode()).isGreaterThanOrEqualTo(400);
        } finally {
            root.detachAppender(captured);
            root.setLevel(level);
        }
        assertThat(captured.list).as("the failures were logged")
                .anyMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(line).doesNotContain(body).doesNotContain(evidence);
        }
    }

    @Test
    void logsHoldNoBodyTokenOrEvidence(@TempDir Path dir) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        List<String> secrets = new ArrayList<>();
        try (TestServer server = TestServer.start(TestDatabases.Kind.SQLITE, dir)) {
            server.register("alice");
            server.register("bob");
            String aliceToken = server.token("alice");
            secrets.add(aliceToken);
            String body = Base64.getEncoder().encodeToString("SECRET-PLAINTEXT-IS-CIPHERTEXT-HERE".getBytes());
            secrets.add(body);
            try (TestClient alice = TestClient.connect(server.port(), aliceToken);
                 TestClient bob = server.online("bob")) {
                alice.untilQueueEmpty();
                alice.send(new ClientFrame.Send(UUID.randomUUID().toString(), "bob", body));
                long id = alice.next(ServerFrame.Accepted.class).messageId();
                bob.next(ServerFrame.Message.class);
                bob.send(new ClientFrame.Ack(List.of(id)));
                alice.sendText("{\"type\":\"send\",\"id\":\"bad\",\"to\":\"bob\",\"body\":\"" + body + "!!\"}");
                alice.nextOf(ServerFrame.Error.class); // bob's receipt may come first
                String evidence = "EVIDENCE-THE-REPORTER-SHARED";
                secrets.add(evidence);
                server.request("POST", "/v1/reports", server.token("bob"),
                        "{\"reportedUser\":\"alice\",\"messageId\":" + id + ",\"reason\":\"scam\",\"evidence\":\"" + evidence + "\"}");
            }
            String forged = aliceToken.substring(0, aliceToken.length() - 4) + "AAAA";
            secrets.add(forged);
            server.request("GET", "/v1/keys/bob", forged, null);
            TestClient anonymous = TestClient.connectAnonymously(server.port());
            anonymous.send(new ClientFrame.Auth(forged));
            anonymous.awaitCloseCode();
        } finally {
            root.detachAppender(captured);
        }
        assertThat(captured.list).as("the session logged something").isNotEmpty();
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
    }
}
