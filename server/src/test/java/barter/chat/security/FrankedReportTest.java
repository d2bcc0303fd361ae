package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.Franking;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message franking end to end (docs/security.md, "Verifiable reports"): a sender commits to its words, the server
 * relays the commitment and tags it, and a report that reveals the words and the key is verified only when both
 * match what the server relayed for that message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrankedReportTest {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private final SecureRandom random = new SecureRandom();
    private String jdbcUrl;
    private TestServer server;
    private String admin;

    /** A franked message as the sender made it: the words, its franking key, and the server's message id. */
    private record Franked(String text, byte[] key, long messageId) {
    }

    @BeforeAll
    void startServer(@TempDir Path dir) {
        jdbcUrl = TestDatabases.sqlite(dir);
        server = TestServer.start(jdbcUrl, dir, Map.of());
        admin = server.adminToken(Wire.uniqueUser("moderator"));
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

    /** Sends a franked message and checks that its recipient receives the same commitment. */
    private Franked frank(String from, String to, String text) {
        byte[] key = Franking.newKey(random);
        String commitment = B64.encodeToString(Franking.commit(key, text.getBytes(StandardCharsets.UTF_8)));
        long messageId;
        try (TestClient sender = server.online(from)) {
            sender.send(new ClientFrame.Send(UUID.randomUUID().toString(), to, Wire.base64("ciphertext"), commitment));
            messageId = sender.next(ServerFrame.Accepted.class).messageId();
        }
        try (TestClient recipient = server.connect(to)) {
            ServerFrame.Message received = recipient.untilQueueEmpty().stream()
                    .filter(ServerFrame.Message.class::isInstance).map(ServerFrame.Message.class::cast)
                    .filter(m -> m.messageId() == messageId).findFirst().orElseThrow();
            assertThat(received.commitment()).as("the commitment travels to the recipient").isEqualTo(commitment);
        }
        return new Franked(text, key, messageId);
    }

    private JsonNode report(String reporter, String reported, long messageId, String evidence, byte[] key) {
        HttpResponse<String> r = server.request("POST", "/v1/reports", server.token(reporter),
                "{\"reportedUser\":\"" + reported + "\",\"messageId\":" + messageId + ",\"reason\":\"scam\","
                        + "\"evidence\":\"" + evidence + "\",\"frankingKey\":\"" + B64.encodeToString(key) + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Wire.json(r.body());
    }

    @Test
    void aTrueReportIsVerifiedAndTheModeratorSeesTheExactText() {
        String alice = user("alice");
        String bob = user("bob");
        Franked sent = frank(alice, bob, "pay me outside the app, 200 now");

        JsonNode report = report(bob, alice, sent.messageId(), sent.text(), sent.key());

        assertThat(report.path("verified").asBoolean()).isTrue();
        assertThat(report.path("evidenceVerified").asBoolean()).isTrue();
        HttpResponse<String> listed = server.request("GET", "/v1/admin/reports?reportedUser=" + alice, admin, null);
        JsonNode shown = Wire.json(listed.body()).path("reports").get(0);
        assertThat(shown.path("evidence").asText()).isEqualTo(sent.text());
        assertThat(shown.path("evidenceVerified").asBoolean()).isTrue();
    }

    @Test
    void aForgedTextIsNotVerified() {
        String alice = user("alice");
        String bob = user("bob");
        Franked sent = frank(alice, bob, "the bike is yours for the guitar");

        JsonNode report = report(bob, alice, sent.messageId(), "send me your card number", sent.key());

        assertThat(report.path("verified").asBoolean()).isFalse();
        assertThat(report.path("evidenceVerified").asBoolean()).isFalse();
    }

    @Test
    void aForgedKeyIsNotVerified() {
        String alice = user("alice");
        String bob = user("bob");
        Franked sent = frank(alice, bob, "see you at noon");

        JsonNode report = report(bob, alice, sent.messageId(), sent.text(), Franking.newKey(random));

        assertThat(report.path("verified").asBoolean()).isFalse();
        assertThat(report.path("evidenceVerified").asBoolean()).isFalse();
    }

    @Test
    void aRealTextAndKeyReplayedAgainstAnotherMessageAreNotVerified() {
        String alice = user("alice");
        String bob = user("bob");
        Franked abusive = frank(alice, bob, "you will regret this");
        Franked harmless = frank(alice, bob, "thanks, bye");

        JsonNode report = report(bob, alice, harmless.messageId(), abusive.text(), abusive.key());

        assertThat(report.path("verified").asBoolean()).isFalse();
        assertThat(report.path("evidenceVerified").asBoolean()).isFalse();
    }

    @Test
    void aCommitmentChangedInTheStoreFailsTheServersTag() throws SQLException {
        String alice = user("alice");
        String bob = user("bob");
        Franked sent = frank(alice, bob, "ok");
        byte[] key = Franking.newKey(random);
        String forged = "I will scam you";
        try (Connection db = DriverManager.getConnection(jdbcUrl);
             PreparedStatement update = db.prepareStatement("UPDATE sends SET commitment = ? WHERE id = ?")) {
            update.setString(1, B64.encodeToString(Franking.commit(key, forged.getBytes(StandardCharsets.UTF_8))));
            update.setLong(2, sent.messageId());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        assertThat(report(bob, alice, sent.messageId(), forged, key).path("evidenceVerified").asBoolean())
                .as("the commitment opens, but the server never tagged it").isFalse();
    }

    @Test
    void aFrankedReportOfAnUnfrankedMessageIsNotVerified() {
        String alice = user("alice");
        String bob = user("bob");
        long plain;
        try (TestClient sender = server.online(alice)) {
            sender.send(Wire.send(bob, "not franked"));
            plain = sender.next(ServerFrame.Accepted.class).messageId();
        }

        JsonNode report = report(bob, alice, plain, "not franked", Franking.newKey(random));

        assertThat(report.path("verified").asBoolean()).isFalse();
    }

    @Test
    void aFrankingKeyMustBe32BytesAndComeWithItsMessageAndText() {
        String alice = user("alice");
        String bob = user("bob");
        String token = server.token(bob);
        String prefix = "{\"reportedUser\":\"" + alice + "\",\"reason\":\"spam\",";
        assertThat(Wire.outcome(server.request("POST", "/v1/reports", token, prefix
                + "\"messageId\":1,\"evidence\":\"x\",\"frankingKey\":\"c2hvcnQ=\"}"))).isEqualTo("400 invalid_request");
        assertThat(Wire.outcome(server.request("POST", "/v1/reports", token, prefix
                + "\"evidence\":\"x\",\"frankingKey\":\"" + B64.encodeToString(new byte[32]) + "\"}")))
                .isEqualTo("400 invalid_request");
        assertThat(Wire.outcome(server.request("POST", "/v1/reports", token, prefix
                + "\"messageId\":1,\"frankingKey\":\"" + B64.encodeToString(new byte[32]) + "\"}")))
                .isEqualTo("400 invalid_request");
    }
}
