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
 * Per-address limits behind a reverse proxy: real HTTP requests carrying {@code X-Forwarded-For} and
 * {@code Forwarded}. Only 127.0.0.1 is a trusted proxy; requests from other loopback addresses are clients whose
 * headers are ignored. Each test uses its own documentation-range client addresses, so buckets are not shared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedProxyTest {
    private static final int HTTP_BURST = 5;
    private static final int CONNECT_BURST = 2;

    private TestServer server;
    private String token;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        server = TestServer.start(TestDatabases.sqlite(dataDir), dataDir, Map.of(
                "CHAT_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8",
                "CHAT_LIMIT_HTTP", HTTP_BURST + ",1/h",
                "CHAT_LIMIT_CONNECTS", CONNECT_BURST + ",1/h"));
        token = server.token(Wire.uniqueUser("alice"));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void headersFromAPeerThatIsNotATrustedProxyAreIgnored() {
        HttpClient client = from("127.0.0.7");
        for (int i = 0; i < HTTP_BURST; i++) {
            assertThat(get(client, "X-Forwarded-For", "198.51.100." + i)).isEqualTo(200);
        }
        assertThat(get(client, "X-Forwarded-For", "198.51.100.99")).as("counted as 127.0.0.7").isEqualTo(429);
        assertThat(get(client, "Forwarded", "for=198.51.100.98")).isEqualTo(429);
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
        HttpClient proxy = from("127.0.0.1");
        for (int i = 0; i < HTTP_BURST; i++) {
            assertThat(get(proxy, "X-Forwarded-For", "203.0.113.10")).isEqualTo(200);
        }
        assertThat(get(proxy, "X-Forwarded-For", "203.0.113.10")).isEqualTo(429);
        assertThat(get(proxy, "X-Forwarded-For", "203.0.113.11")).as("another client behind the proxy").isEqualTo(200);
    }

    @Test
    void theRightMostAddressThatIsNotATrustedProxyCountsSoAForgedPrefixDoesNotEscape() {
        HttpClient proxy = from("127.0.0.1");
        for (int i = 0; i < HTTP_BURST; i++) {
            // the client wrote the first entry itself; the proxies 10.0.0.5 and 127.0.0.1 appended the rest
            assertThat(get(proxy, "X-Forwarded-For", "192.0.2." + i + ", 203.0.113.20, 10.0.0.5")).isEqualTo(200);
        }
        assertThat(get(proxy, "X-Forwarded-For", "192.0.2.200, 203.0.113.20, 10.0.0.5")).isEqualTo(429);
    }

    @Test
    void forwardedIsReadAndIpv6ClientsAreCountedPerSlash64() {
        HttpClient proxy = from("127.0.0.1");
        for (int i = 0; i < HTTP_BURST; i++) {
            assertThat(get(proxy, "Forwarded", "for=\"[2001:db8:aa:1::" + (i + 1) + "]:4711\";proto=https"))
                    .isEqualTo(200);
        }
        assertThat(get(proxy, "Forwarded", "for=\"[2001:db8:aa:1:ffff::9]\"")).as("the same /64").isEqualTo(429);
        assertThat(get(proxy, "Forwarded", "for=\"[2001:db8:aa:2::1]\"")).as("the next /64").isEqualTo(200);
    }

    @Test
    void webSocketConnectsAreCountedPerForwardedClientToo() {
        HttpClient proxy = from("127.0.0.1");
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws");
        for (int i = 0; i < CONNECT_BURST; i++) {
            assertThat(Wire.upgradeStatus(proxy, ws, "Bearer " + token, "X-Forwarded-For", "203.0.113.30"))
                    .isEqualTo(101);
        }
        assertThat(Wire.refusedUpgrade(proxy, ws, "Bearer " + token, "X-Forwarded-For", "203.0.113.30").statusCode())
                .isEqualTo(429);
        assertThat(Wire.upgradeStatus(proxy, ws, "Bearer " + token, "X-Forwarded-For", "203.0.113.31"))
                .isEqualTo(101);
    }

    private static HttpClient from(String localAddress) {
        try {
            return HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress)).build();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private int get(HttpClient client, String header, String value) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/blocks"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).header(header, value)
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
