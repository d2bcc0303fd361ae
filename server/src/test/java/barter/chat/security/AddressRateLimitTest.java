package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-source-address limits (HTTP requests under /v1, WebSocket connects). Each test talks from its own loopback
 * address (127.0.0.x all reach the server on Linux), so every test has its own buckets and one address is shown not
 * to drain another's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AddressRateLimitTest {
    private static final int HTTP_BURST = 10;
    private static final int CONNECT_BURST = 3;

    private TestServer server;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir, Map.of(
                "CHAT_LIMIT_HTTP", HTTP_BURST + ",1/h",
                "CHAT_LIMIT_CONNECTS", CONNECT_BURST + ",1/h"));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void requestsOverTheAddressLimitGet429WithRetryAfterWhileOtherAddressesAreServed() {
        HttpClient noisy = from("127.0.0.2");
        String token = server.token(Wire.uniqueUser("alice"));
        for (int i = 0; i < HTTP_BURST; i++) {
            assertThat(get(noisy, "/v1/blocks", token, null).statusCode()).isEqualTo(200);
        }
        UserRateLimitTest.assertRateLimited(get(noisy, "/v1/blocks", token, null));
        assertThat(get(noisy, "/v1/blocks", server.token(Wire.uniqueUser("bob")), null).statusCode())
                .as("the bucket is the address's, whoever the user").isEqualTo(429);
        assertThat(get(from("127.0.0.3"), "/v1/blocks", token, null).statusCode())
                .as("another address").isEqualTo(200);
        assertThat(get(noisy, "/health/live", null, null).statusCode()).as("health checks are not limited")
                .isEqualTo(200);
    }

    @Test
    void aForgedForwardedForHeaderDoesNotEscapeTheAddressLimit() {
        HttpClient noisy = from("127.0.0.4");
        String token = server.token(Wire.uniqueUser("alice"));
        for (int i = 0; i < HTTP_BURST; i++) {
            assertThat(get(noisy, "/v1/blocks", token, "10.0.0." + i).statusCode()).isEqualTo(200);
        }
        UserRateLimitTest.assertRateLimited(get(noisy, "/v1/blocks", token, "10.0.1.1"));
    }

    @Test
    void webSocketConnectsOverTheAddressLimitAreRefusedAtUpgradeWith429AndRetryAfter() {
        HttpClient noisy = from("127.0.0.5");
        for (int i = 0; i < CONNECT_BURST; i++) {
            assertThat(Wire.upgradeStatus(noisy, ws(), "Bearer " + server.token(Wire.uniqueUser("u")))).isEqualTo(101);
        }
        HttpResponse<?> refused = Wire.refusedUpgrade(noisy, ws(), "Bearer " + server.token(Wire.uniqueUser("u")));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(Wire.upgradeStatus(from("127.0.0.6"), ws(), "Bearer " + server.token(Wire.uniqueUser("u"))))
                .as("another address").isEqualTo(101);
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws");
    }

    private static HttpClient from(String localAddress) {
        try {
            return HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress)).build();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(HttpClient client, String path, String token, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
