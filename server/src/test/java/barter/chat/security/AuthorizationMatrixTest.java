package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what: every REST route and every WebSocket frame type, performed by each {@link Role}, against a fresh
 * {@link Scene} of users. A cell's outcome is what the caller got back plus, where the request could touch someone
 * else's data, what became of that data (so a 200 that silently changed another user's keys would fail here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    /** Who makes the request. USER acts on their own data; OTHER_USER and ADMIN aim at the owner's data. */
    enum Role { ANONYMOUS, USER, OTHER_USER, ADMIN }

    enum Surface {
        PUT_KEYS, GET_KEYS, GET_BLOCKS, PUT_BLOCK, DELETE_BLOCK, POST_REPORT,
        ADMIN_LIST_REPORTS, ADMIN_RESOLVE_REPORT, ADMIN_SUSPEND, ADMIN_UNSUSPEND,
        HEALTH_LIVE, HEALTH_READY, METRICS, UNKNOWN_V1_ROUTE,
        WS_SEND, WS_ACK, WS_TYPING, WS_AUTH
    }

    private static final String REFUSED_FRAME = "error unauthorized, closed 1008";

    /** Columns: anonymous, the user on own data, another user on the owner's data, an admin on the owner's data. */
    static Stream<Arguments> matrix() {
        return Stream.of(
                row(Surface.PUT_KEYS, "401 unauthorized, owner's keys unchanged",
                        "200 publishes owner's keys",
                        "200 publishes other's keys, owner's keys unchanged",
                        "200 publishes admin's keys, owner's keys unchanged"),
                row(Surface.GET_KEYS, "401 unauthorized", "200 owner's keys", "200 owner's keys", "200 owner's keys"),
                row(Surface.GET_BLOCKS, "401 unauthorized", "200 blocked=[peer]", "200 blocked=[]", "200 blocked=[]"),
                row(Surface.PUT_BLOCK, "401 unauthorized, owner blocks []", "204, owner blocks [peer]",
                        "204, owner blocks []", "204, owner blocks []"),
                row(Surface.DELETE_BLOCK, "401 unauthorized, owner blocks [peer]", "204, owner blocks []",
                        "204, owner blocks [peer]", "204, owner blocks [peer]"),
                row(Surface.POST_REPORT, "401 unauthorized", "201 verified=true", "201 verified=false",
                        "201 verified=false"),
                row(Surface.ADMIN_LIST_REPORTS, "401 unauthorized", "403 forbidden", "403 forbidden",
                        "200 reports against peer=1"),
                row(Surface.ADMIN_RESOLVE_REPORT, "401 unauthorized, report open", "403 forbidden, report open",
                        "403 forbidden, report open", "200, report resolved"),
                row(Surface.ADMIN_SUSPEND, "401 unauthorized, owner's token accepted",
                        "403 forbidden, owner's token accepted", "403 forbidden, owner's token accepted",
                        "200, owner's token refused"),
                row(Surface.ADMIN_UNSUSPEND, "401 unauthorized, owner's token refused",
                        "401 unauthorized, owner's token refused", "403 forbidden, owner's token refused",
                        "200, owner's token accepted"),
                row(Surface.HEALTH_LIVE, "200", "200", "200", "200"),
                row(Surface.HEALTH_READY, "200", "200", "200", "200"),
                row(Surface.METRICS, "200", "200", "200", "200"),
                row(Surface.UNKNOWN_V1_ROUTE, "401 unauthorized", "404 not_found", "404 not_found", "404 not_found"),
                row(Surface.WS_SEND, REFUSED_FRAME + ", peer sees []",
                        "accepted, peer sees [message from owner]",
                        "accepted, peer sees [message from other]",
                        "accepted, peer sees [message from admin]"),
                row(Surface.WS_ACK, REFUSED_FRAME + ", owner's message kept, peer receipts []",
                        "no answer, owner's message deleted, peer receipts [delivered]",
                        "no answer, owner's message kept, peer receipts []",
                        "no answer, owner's message kept, peer receipts []"),
                row(Surface.WS_TYPING, REFUSED_FRAME + ", peer sees []",
                        "no answer, peer sees [typing from owner]",
                        "no answer, peer sees [typing from other]",
                        "no answer, peer sees [typing from admin]"),
                row(Surface.WS_AUTH, "authenticated as owner",
                        "error invalid_frame, still owner",
                        "error invalid_frame, still other",
                        "error invalid_frame, still admin"))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> row(Surface surface, String anonymous, String user, String other, String admin) {
        return Stream.of(arguments(surface, Role.ANONYMOUS, anonymous), arguments(surface, Role.USER, user),
                arguments(surface, Role.OTHER_USER, other), arguments(surface, Role.ADMIN, admin));
    }

    private TestServer server;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void matrixHasExactlyOneCellPerSurfaceAndRole() {
        List<String> cells = matrix().map(a -> a.get()[0] + "/" + a.get()[1]).toList();
        assertThat(cells).doesNotHaveDuplicates().hasSize(Surface.values().length * Role.values().length);
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("matrix")
    void eachRouteAndFrameGivesEachRoleTheSpecifiedOutcome(Surface surface, Role role, String expected) {
        Scene scene = new Scene();
        assertThat(perform(surface, role, scene)).isEqualTo(expected);
    }

    private String perform(Surface surface, Role role, Scene scene) {
        return switch (surface) {
            case PUT_KEYS -> {
                HttpResponse<String> r = scene.call("PUT", "/v1/keys", role, TestKeys.generate().json());
                String effect = "owner's keys " + (scene.ownerKeysUnchanged() ? "unchanged" : "changed");
                if (r.statusCode() != 200) {
                    yield Wire.outcome(r) + ", " + effect;
                }
                String who = scene.name(Wire.json(r.body()).path("userId").asText());
                yield "200 publishes " + who + "'s keys" + (who.equals("owner") ? "" : ", " + effect);
            }
            case GET_KEYS -> {
                HttpResponse<String> r = scene.call("GET", "/v1/keys/" + scene.owner, role, null);
                yield r.statusCode() != 200 ? Wire.outcome(r) : "200 " + (scene.isOwnerKeys(r.body()) ? "owner's keys" : "other keys");
            }
            case GET_BLOCKS -> {
                scene.ownerBlocksPeer();
                HttpResponse<String> r = scene.call("GET", "/v1/blocks", role, null);
                yield r.statusCode() != 200 ? Wire.outcome(r) : "200 blocked=" + scene.names(Wire.json(r.body()).path("blocked"));
            }
            case PUT_BLOCK -> Wire.outcome(scene.call("PUT", "/v1/blocks/" + scene.peer, role, null))
                    + ", owner blocks " + scene.ownerBlocks();
            case DELETE_BLOCK -> {
                scene.ownerBlocksPeer();
                yield Wire.outcome(scene.call("DELETE", "/v1/blocks/" + scene.peer, role, null))
                        + ", owner blocks " + scene.ownerBlocks();
            }
            case POST_REPORT -> {
                long fromPeer = scene.peerMessagesOwner();
                HttpResponse<String> r = scene.call("POST", "/v1/reports", role,
                        "{\"reportedUser\":\"" + scene.peer + "\",\"messageId\":" + fromPeer + ",\"reason\":\"spam\"}");
                yield r.statusCode() != 201 ? Wire.outcome(r) : "201 verified=" + Wire.json(r.body()).path("verified").asBoolean();
            }
            case ADMIN_LIST_REPORTS -> {
                scene.ownerReportsPeer();
                HttpResponse<String> r = scene.call("GET", "/v1/admin/reports?reportedUser=" + scene.peer, role, null);
                yield r.statusCode() != 200 ? Wire.outcome(r)
                        : "200 reports against peer=" + Wire.json(r.body()).path("reports").size();
            }
            case ADMIN_RESOLVE_REPORT -> {
                long report = scene.ownerReportsPeer();
                HttpResponse<String> r = scene.call("POST", "/v1/admin/reports/" + report + "/resolve", role, null);
                yield Wire.outcome(r) + ", report " + scene.reportStatus(report);
            }
            case ADMIN_SUSPEND -> Wire.outcome(scene.call("PUT", "/v1/admin/suspensions/" + scene.owner, role,
                    "{\"reason\":\"matrix\"}")) + ", owner's token " + scene.ownerToken();
            case ADMIN_UNSUSPEND -> {
                scene.moderatorSuspendsOwner();
                yield Wire.outcome(scene.call("DELETE", "/v1/admin/suspensions/" + scene.owner, role, null))
                        + ", owner's token " + scene.ownerToken();
            }
            case HEALTH_LIVE -> Wire.outcome(scene.call("GET", "/health/live", role, null));
            case HEALTH_READY -> Wire.outcome(scene.call("GET", "/health/ready", role, null));
            case METRICS -> Wire.outcome(scene.call("GET", "/metrics", role, null));
            case UNKNOWN_V1_ROUTE -> Wire.outcome(scene.call("GET", "/v1/no-such-route", role, null));
            case WS_SEND -> wsSend(role, scene);
            case WS_ACK -> wsAck(role, scene);
            case WS_TYPING -> wsTyping(role, scene);
            case WS_AUTH -> wsAuth(role, scene);
        };
    }

    /** Every send carries a forged {@code from}: the server must name the real sender. */
    private String wsSend(Role role, Scene scene) {
        try (TestClient peer = server.online(scene.peer); TestClient actor = scene.socket(role)) {
            actor.sendText("{\"type\":\"send\",\"id\":\"" + UUID.randomUUID() + "\",\"to\":\"" + scene.peer
                    + "\",\"from\":\"" + scene.owner + "\",\"body\":\"" + Wire.base64("hello") + "\"}");
            String answer = answer(role, actor);
            return answer + ", peer sees " + scene.peerSees(peer, role == Role.ANONYMOUS ? null : actor);
        }
    }

    /** The message from peer to the owner waits in the owner's queue; the actor acks its id. */
    private String wsAck(Role role, Scene scene) {
        long fromPeer = scene.peerMessagesOwner();
        String answer;
        try (TestClient actor = scene.socket(role)) {
            actor.sendText("{\"type\":\"ack\",\"ids\":[" + fromPeer + "]}");
            answer = role == Role.ANONYMOUS ? answer(role, actor) : scene.afterBarrier(actor);
        }
        boolean kept;
        try (TestClient owner = server.connect(scene.owner)) {
            kept = owner.untilQueueEmpty().stream()
                    .anyMatch(f -> f instanceof ServerFrame.Message m && m.messageId() == fromPeer);
        }
        List<String> receipts;
        try (TestClient peer = server.connect(scene.peer)) {
            receipts = peer.untilQueueEmpty().stream()
                    .filter(f -> f instanceof ServerFrame.Receipt r && r.messageId() == fromPeer)
                    .map(f -> ((ServerFrame.Receipt) f).status().wire())
                    .toList();
        }
        return answer + ", owner's message " + (kept ? "kept" : "deleted") + ", peer receipts " + receipts;
    }

    /** Typing carries a forged {@code from} as well. */
    private String wsTyping(Role role, Scene scene) {
        try (TestClient peer = server.online(scene.peer); TestClient actor = scene.socket(role)) {
            actor.sendText("{\"type\":\"typing\",\"to\":\"" + scene.peer + "\",\"from\":\"" + scene.owner + "\"}");
            String answer = role == Role.ANONYMOUS ? answer(role, actor) : "no answer";
            return answer + ", peer sees " + scene.peerSees(peer, role == Role.ANONYMOUS ? null : actor);
        }
    }

    /** An auth frame carrying the owner's token: opens an anonymous socket, but cannot switch an open one. */
    private String wsAuth(Role role, Scene scene) {
        try (TestClient peer = server.online(scene.peer); TestClient actor = scene.socket(role)) {
            actor.sendText("{\"type\":\"auth\",\"token\":\"" + server.token(scene.owner) + "\"}");
            String answer;
            if (role == Role.ANONYMOUS) {
                actor.untilQueueEmpty();
                answer = "authenticated";
            } else {
                answer = "error " + actor.next(ServerFrame.Error.class).error().wire() + ", still";
            }
            actor.send(Wire.send(scene.peer, "who am I?"));
            actor.nextOf(ServerFrame.Accepted.class);
            String from = peer.nextOf(ServerFrame.Message.class).from();
            return answer + (role == Role.ANONYMOUS ? " as " : " ") + scene.name(from);
        }
    }

    /** The first frame an anonymous socket gets back, and how it is closed. */
    private static String answer(Role role, TestClient actor) {
        if (role != Role.ANONYMOUS) {
            return "accepted".equals(kind(actor.next(ServerFrame.class))) ? "accepted" : "unexpected";
        }
        ServerFrame.Error error = actor.next(ServerFrame.Error.class);
        return "error " + error.error().wire() + ", closed " + actor.awaitCloseCode();
    }

    private static String kind(ServerFrame frame) {
        return switch (frame) {
            case ServerFrame.Accepted a -> "accepted";
            case ServerFrame.Message m -> "message";
            case ServerFrame.Receipt r -> "receipt";
            case ServerFrame.QueueEmpty q -> "queue_empty";
            case ServerFrame.Typing t -> "typing";
            case ServerFrame.Error e -> "error " + e.error().wire();
        };
    }

    /**
     * Four fresh users: the owner whose data the others aim at, another user, an admin, and a peer who talks with
     * the owner (owner and peer have keys); a moderator (another admin) and a witness act behind the scenes.
     */
    private final class Scene {
        final String owner = Wire.uniqueUser("owner");
        final String other = Wire.uniqueUser("other");
        final String admin = Wire.uniqueUser("admin");
        final String peer = Wire.uniqueUser("peer");
        final TestKeys ownerKeys = server.register(owner);

        Scene() {
            // only those who receive messages need keys; the others only send or call REST
            server.register(peer);
        }

        String token(Role role) {
            return switch (role) {
                case ANONYMOUS -> null;
                case USER -> server.token(owner);
                case OTHER_USER -> server.token(other);
                case ADMIN -> server.adminToken(admin);
            };
        }

        HttpResponse<String> call(String method, String path, Role role, String body) {
            return server.request(method, path, token(role), body);
        }

        /** An authenticated socket past its backlog, or an anonymous one that has not sent an auth frame. */
        TestClient socket(Role role) {
            if (role == Role.ANONYMOUS) {
                return TestClient.connectAnonymously(server.port());
            }
            TestClient client = TestClient.connect(server.port(), token(role));
            client.untilQueueEmpty();
            return client;
        }

        String name(String userId) {
            Map<String, String> names = Map.of(owner, "owner", other, "other", admin, "admin", peer, "peer");
            return names.getOrDefault(userId, userId);
        }

        List<String> names(JsonNode array) {
            return StreamSupport.stream(array.spliterator(), false).map(n -> name(n.asText())).toList();
        }

        boolean ownerKeysUnchanged() {
            return isOwnerKeys(server.request("GET", "/v1/keys/" + owner, server.token(peer), null).body());
        }

        boolean isOwnerKeys(String body) {
            return Wire.json(body).path("agreementKey").asText()
                    .equals(Base64.getEncoder().encodeToString(ownerKeys.agreementKey()));
        }

        void ownerBlocksPeer() {
            assertThat(server.request("PUT", "/v1/blocks/" + peer, server.token(owner), null).statusCode()).isEqualTo(204);
        }

        List<String> ownerBlocks() {
            return names(Wire.json(server.request("GET", "/v1/blocks", server.token(owner), null).body()).path("blocked"));
        }

        /** Peer sends the owner a message while the owner is offline; returns its message id. */
        long peerMessagesOwner() {
            try (TestClient p = server.online(peer)) {
                p.send(Wire.send(owner, "a message for the owner"));
                return p.next(ServerFrame.Accepted.class).messageId();
            }
        }

        long ownerReportsPeer() {
            HttpResponse<String> r = server.request("POST", "/v1/reports", server.token(owner),
                    "{\"reportedUser\":\"" + peer + "\",\"reason\":\"harassment\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            return Wire.json(r.body()).path("id").asLong();
        }

        String reportStatus(long report) {
            JsonNode reports = Wire.json(server.request("GET", "/v1/admin/reports?reportedUser=" + peer,
                    server.adminToken("moderator"), null).body()).path("reports");
            return StreamSupport.stream(reports.spliterator(), false)
                    .filter(r -> r.path("id").asLong() == report)
                    .map(r -> r.path("status").asText())
                    .findFirst().orElse("missing");
        }

        void moderatorSuspendsOwner() {
            assertThat(server.request("PUT", "/v1/admin/suspensions/" + owner, server.adminToken("moderator"), null)
                    .statusCode()).isEqualTo(200);
        }

        String ownerToken() {
            int status = server.request("GET", "/v1/blocks", server.token(owner), null).statusCode();
            return status == 200 ? "accepted" : status == 401 ? "refused" : "answered " + status;
        }

        /**
         * What the online peer got before a barrier message: sent on the actor's own socket when it is
         * authenticated (frames of one socket are handled in order), else by a witness after the actor was refused.
         */
        List<String> peerSees(TestClient peerSocket, TestClient authenticatedActor) {
            String barrier = "barrier " + UUID.randomUUID();
            if (authenticatedActor != null) {
                authenticatedActor.send(Wire.send(peer, barrier));
                authenticatedActor.nextOf(ServerFrame.Accepted.class);
            } else {
                String witness = Wire.uniqueUser("witness");
                try (TestClient w = server.online(witness)) {
                    w.send(Wire.send(peer, barrier));
                    w.next(ServerFrame.Accepted.class);
                }
            }
            List<String> seen = new ArrayList<>();
            while (true) {
                ServerFrame frame = peerSocket.next(ServerFrame.class);
                if (frame instanceof ServerFrame.Message m && Wire.text(m.body()).equals(barrier)) {
                    return seen;
                }
                seen.add(switch (frame) {
                    case ServerFrame.Message m -> "message from " + name(m.from());
                    case ServerFrame.Typing t -> "typing from " + name(t.from());
                    default -> kind(frame);
                });
            }
        }

        /** Sends a message on the actor's socket and waits for it: every earlier frame has been handled. */
        String afterBarrier(TestClient actor) {
            actor.send(Wire.send(peer, "barrier"));
            ServerFrame first = actor.next(ServerFrame.class);
            return first instanceof ServerFrame.Accepted ? "no answer" : kind(first);
        }
    }
}
