package barter.chat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.config.ChatConfig;
import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestKeys;
import barter.chat.testing.TestServer;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotation through a JWKS document (the identity provider publishes its keys): tokens of the old and the new key
 * both work while the document lists both, the old one stops once it is removed and the document is fetched again,
 * and a socket opened with an old-key token stays open through it. The document is served over real HTTP on
 * 127.0.0.1; the server runs with a one-second refresh so the test does not wait five minutes.
 */
class JwksRotationTest {
    private final AtomicReference<String> document = new AtomicReference<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger failedFetches = new AtomicInteger();
    private HttpServer jwks;
    private RSAKey oldKey;
    private RSAKey newKey;

    @BeforeEach
    void serveJwks() throws Exception {
        oldKey = new RSAKeyGenerator(2048).keyID("2026-06").generate();
        newKey = new RSAKeyGenerator(2048).keyID("2026-12").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            if (down.get()) {
                failedFetches.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
    }

    @AfterEach
    void stopJwks() {
        jwks.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json";
    }

    private void publish(RSAKey... keys) {
        document.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    @Test
    void oldAndNewKeysOverlapThenTheOldStopsWithoutDroppingOpenSockets(@TempDir Path dir) throws Exception {
        publish(oldKey);
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_JWT_SECRET", "",
                "CHAT_JWT_JWKS_URL", url(), "CHAT_JWT_JWKS_REFRESH", "PT1S"))) {
            String aliceOld = KeyRotationTest.rsaToken(oldKey.toPrivateKey(), "2026-06", "alice");
            register(server, aliceOld);
            assertThat(server.request("GET", "/v1/keys/alice", aliceOld, null).statusCode()).isEqualTo(200);

            publish(oldKey, newKey);
            String bobNew = KeyRotationTest.rsaToken(newKey.toPrivateKey(), "2026-12", "bob");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.request("GET", "/v1/keys/alice", bobNew, null).statusCode())
                            .as("a new kid is fetched").isEqualTo(200));
            register(server, bobNew);
            assertThat(server.request("GET", "/v1/keys/bob", aliceOld, null).statusCode())
                    .as("during the overlap the old key still works").isEqualTo(200);

            try (TestClient alice = TestClient.connect(server.port(), aliceOld)) {
                alice.untilQueueEmpty();
                publish(newKey);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(server.request("GET", "/v1/keys/bob", aliceOld, null).statusCode())
                                .as("removed from the document: refused after the refresh").isEqualTo(401));
                assertThat(server.request("GET", "/v1/keys/alice", bobNew, null).statusCode()).isEqualTo(200);

                try (TestClient bob = TestClient.connect(server.port(), bobNew)) {
                    bob.untilQueueEmpty();
                    String body = Base64.getEncoder().encodeToString("still here".getBytes(StandardCharsets.UTF_8));
                    bob.send(new ClientFrame.Send("m1", "alice", body));
                    assertThat(bob.nextOf(ServerFrame.Accepted.class).id()).isEqualTo("m1");
                    assertThat(alice.nextOf(ServerFrame.Message.class).body())
                            .as("the socket opened with the old key was not dropped").isEqualTo(body);
                    assertThat(alice.isClosed()).isFalse();
                }
            }
        }
    }

    @Test
    void whileTheJwksUrlFailsTheLastDocumentKeepsVerifying() throws Exception {
        publish(oldKey);
        TokenVerifier verifier = TokenVerifier.fromConfig(ChatConfig.fromEnv(Map.of("CHAT_JWT_JWKS_URL", url(),
                "CHAT_JWT_JWKS_REFRESH", "PT1S")), Clock.systemUTC());
        String token = KeyRotationTest.rsaToken(oldKey.toPrivateKey(), "2026-06", "alice");
        assertThat(verifier.verify(token).userId()).isEqualTo("alice");
        down.set(true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(verifier.verify(token).userId()).isEqualTo("alice");
            assertThat(failedFetches.get()).as("the cached document expired and a fetch failed").isPositive();
        });
    }

    private static void register(TestServer server, String token) {
        assertThat(server.request("PUT", "/v1/keys", token, TestKeys.generate().json()).statusCode()).isEqualTo(200);
    }
}
