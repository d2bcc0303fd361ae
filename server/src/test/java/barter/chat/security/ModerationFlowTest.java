package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Abuse reports and suspensions end to end: messages over the WebSocket, reports and moderation over REST. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModerationFlowTest {
    private TestServer server;
    private String admin;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir);
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

    /** Sends over the WebSocket and returns the message id; the recipient may be offline. */
    private long relay(String from, String to, String text) {
        try (TestClient c = server.online(from)) {
            c.send(Wire.send(to, text));
            return c.next(ServerFrame.Accepted.class).messageId();
        }
    }

    private HttpResponse<String> report(String reporter, String body) {
        return server.request("POST", "/v1/reports", server.token(reporter), body);
    }

    private JsonNode reportAgainst(String reporter, String reported, Long messageId) {
        HttpResponse<String> r = report(reporter, "{\"reportedUser\":\"" + reported + "\","
                + (messageId == null ? "" : "\"messageId\":" + messageId + ",") + "\"reason\":\"scam\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Wire.json(r.body());
    }

    private List<JsonNode> adminReports(String query) {
        HttpResponse<String> r = server.request("GET", "/v1/admin/reports?" + query, admin, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StreamSupport.stream(Wire.json(r.body()).path("reports").spliterator(), false).toList();
    }

    @Test
    void aReportIsVerifiedOnlyForAMessageTheServerRelayedFromTheReportedUserToTheReporter() {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        long aliceToBob = relay(alice, bob, "send me the deposit first");
        long aliceToCarol = relay(alice, carol, "hello carol");
        long bobToAlice = relay(bob, alice, "no thanks");
        try (TestClient b = server.connect(bob)) {
            ServerFrame.Message received = (ServerFrame.Message) b.untilQueueEmpty().get(0);
            b.send(new ClientFrame.Ack(List.of(received.messageId())));
        }

        JsonNode verified = reportAgainst(bob, alice, aliceToBob);
        assertThat(verified.path("verified").asBoolean()).isTrue();
        assertThat(verified.path("status").asText()).isEqualTo("open");
        assertThat(verified.path("id").asLong()).isPositive();

        assertThat(reportAgainst(bob, alice, aliceToCarol).path("verified").asBoolean())
                .as("a message alice sent to someone else").isFalse();
        assertThat(reportAgainst(bob, alice, bobToAlice).path("verified").asBoolean())
                .as("a message in the other direction").isFalse();
        assertThat(reportAgainst(bob, carol, aliceToBob).path("verified").asBoolean())
                .as("naming the wrong sender").isFalse();
        assertThat(reportAgainst(carol, alice, aliceToBob).path("verified").asBoolean())
                .as("someone else's message").isFalse();
        assertThat(reportAgainst(bob, alice, 987_654_321L).path("verified").asBoolean())
                .as("a message that never existed").isFalse();
        assertThat(reportAgainst(bob, alice, null).path("verified").asBoolean()).as("no message named").isFalse();
    }

    @Test
    void aSendSilentlyDroppedByABlockCannotVerifyAReport() {
        String alice = user("alice");
        String bob = user("bob");
        assertThat(server.request("PUT", "/v1/blocks/" + alice, server.token(bob), null).statusCode()).isEqualTo(204);
        long dropped = relay(alice, bob, "never relayed");
        assertThat(reportAgainst(bob, alice, dropped).path("verified").asBoolean())
                .as("the server never relayed it, so it proves nothing").isFalse();
    }

    @Test
    void adminListsFiltersAndResolvesReportsWithTheSharedEvidence() {
        String alice = user("alice");
        String bob = user("bob");
        long message = relay(alice, bob, "pay outside the platform");
        HttpResponse<String> created = report(bob, "{\"reportedUser\":\"" + alice + "\",\"messageId\":" + message
                + ",\"reason\":\"scam\",\"evidence\":\"pay outside the platform\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = Wire.json(created.body()).path("id").asLong();

        List<JsonNode> open = adminReports("status=open&reportedUser=" + alice);
        assertThat(open).hasSize(1);
        JsonNode listed = open.get(0);
        assertThat(listed.path("id").asLong()).isEqualTo(id);
        assertThat(listed.path("reporter").asText()).isEqualTo(bob);
        assertThat(listed.path("messageId").asLong()).isEqualTo(message);
        assertThat(listed.path("verified").asBoolean()).isTrue();
        assertThat(listed.path("reason").asText()).isEqualTo("scam");
        assertThat(listed.path("evidence").asText()).isEqualTo("pay outside the platform");

        HttpResponse<String> resolved = server.request("POST", "/v1/admin/reports/" + id + "/resolve", admin, null);
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(Wire.json(resolved.body()).path("status").asText()).isEqualTo("resolved");
        assertThat(Wire.json(resolved.body()).path("resolvedAt").asLong()).isPositive();
        assertThat(adminReports("status=open&reportedUser=" + alice)).isEmpty();
        assertThat(adminReports("status=resolved&reportedUser=" + alice))
                .singleElement().satisfies(r -> assertThat(r.path("id").asLong()).isEqualTo(id));

        assertThat(Wire.outcome(server.request("POST", "/v1/admin/reports/987654321/resolve", admin, null)))
                .isEqualTo("404 not_found");
        assertThat(Wire.outcome(server.request("GET", "/v1/admin/reports?status=maybe", admin, null)))
                .isEqualTo("400 invalid_request");
        assertThat(Wire.outcome(server.request("GET", "/v1/admin/reports?limit=0", admin, null)))
                .isEqualTo("400 invalid_request");
    }

    @Test
    void reportsNeedAKnownReasonBoundedEvidenceAndAnotherUser() {
        String bob = user("bob");
        String alice = user("alice");
        String prefix = "{\"reportedUser\":\"" + alice + "\",\"reason\":";
        assertThat(Wire.outcome(report(bob, prefix + "\"rude\"}"))).isEqualTo("400 invalid_request");
        assertThat(Wire.outcome(report(bob, prefix + "\"spam\",\"evidence\":\"" + "x".repeat(8193) + "\"}")))
                .isEqualTo("413 too_large");
        assertThat(Wire.outcome(report(bob, prefix + "\"spam\",\"evidence\":\"" + "x".repeat(8192) + "\"}")))
                .isEqualTo("201");
        assertThat(Wire.outcome(report(bob, "{\"reportedUser\":\"" + bob + "\",\"reason\":\"spam\"}")))
                .as("reporting yourself").isEqualTo("400 invalid_request");
        assertThat(Wire.outcome(report(bob, prefix + "\"spam\",\"messageId\":-4}"))).isEqualTo("400 invalid_request");
    }

    @Test
    void suspensionClosesTheLiveConnectionWith4403AndRefusesTheUserUntilUnsuspended() {
        String alice = user("alice");
        String bob = user("bob");
        long whileSuspended;
        try (TestClient a = server.online(alice); TestClient b = server.online(bob)) {
            HttpResponse<String> suspended = server.request("PUT", "/v1/admin/suspensions/" + alice, admin,
                    "{\"reason\":\"scam reports\"}");
            assertThat(suspended.statusCode()).isEqualTo(200);
            assertThat(Wire.json(suspended.body()).path("suspended").asBoolean()).isTrue();
            assertThat(a.awaitCloseCode()).isEqualTo(4403);

            b.send(Wire.send(alice, "are you there?"));
            whileSuspended = b.next(ServerFrame.Accepted.class).messageId();
            assertThat(b.isClosed()).as("other users stay connected").isFalse();
        }

        assertThat(Wire.outcome(server.request("GET", "/v1/blocks", server.token(alice), null)))
                .isEqualTo("401 unauthorized");
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws");
        assertThat(Wire.upgradeStatus(HttpClient.newHttpClient(), ws, "Bearer " + server.token(alice)))
                .as("upgrade with the header").isEqualTo(401);
        try (TestClient browser = TestClient.connectAnonymously(server.port())) {
            browser.send(new ClientFrame.Auth(server.token(alice)));
            assertThat(browser.next(ServerFrame.Error.class).error()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(browser.awaitCloseCode()).isEqualTo(1008);
        }

        HttpResponse<String> lifted = server.request("DELETE", "/v1/admin/suspensions/" + alice, admin, null);
        assertThat(lifted.statusCode()).isEqualTo(200);
        assertThat(Wire.json(lifted.body()).path("suspended").asBoolean()).isFalse();
        assertThat(server.request("GET", "/v1/blocks", server.token(alice), null).statusCode()).isEqualTo(200);
        try (TestClient a = server.connect(alice)) {
            assertThat(a.untilQueueEmpty())
                    .as("the message stored while alice was suspended")
                    .singleElement()
                    .satisfies(f -> assertThat(((ServerFrame.Message) f).messageId()).isEqualTo(whileSuspended));
        }
    }
}
