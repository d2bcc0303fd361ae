package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sockets that have not authenticated yet hold a slot of {@code CHAT_MAX_CONNECTIONS} until they go. */
class ConnectionCapTest {

    @Test
    void unauthenticatedSocketsCountTowardTheConnectionCap(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_MAX_CONNECTIONS", "2"))) {
            server.register("yan");
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/v1/ws");
            HttpClient http = HttpClient.newHttpClient();
            TestClient first = TestClient.connectAnonymously(server.port());
            TestClient second = TestClient.connectAnonymously(server.port());

            assertThat(Wire.upgradeStatus(http, uri, "Bearer " + server.token("yan")))
                    .as("two strangers hold both slots").isEqualTo(503);

            first.close();
            second.close();
            Awaitility.await().untilAsserted(() ->
                    assertThat(Wire.upgradeStatus(http, uri, "Bearer " + server.token("yan"))).isEqualTo(101));
        }
    }
}
