package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconnecting again and again as the same user: every connection gets its backlog and queue_empty. */
class RapidReconnectTest {

    @Test
    void everyOneOfManyQuickReconnectsGetsTheWholeBacklog(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.Kind.SQLITE, dir)) {
            server.register("alice");
            server.register("bob");
            try (TestClient alice = server.online("alice")) {
                for (int i = 0; i < 5; i++) {
                    alice.send(new barter.chat.protocol.ClientFrame.Send(UUID.randomUUID().toString(), "bob", "aGk="));
                    alice.next(ServerFrame.Accepted.class);
                }
            }
            for (int i = 0; i < 200; i++) {
                try (TestClient bob = server.connect("bob")) {
                    List<ServerFrame> backlog = bob.untilQueueEmpty();
                    assertThat(backlog).as("reconnect %s", i).hasSize(5);
                }
            }
        }
    }
}
