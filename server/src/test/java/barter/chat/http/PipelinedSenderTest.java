package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that pipelines many sends without waiting is slowed down, not disconnected: the answers to its sends
 * can never overflow its outbound queue, however small that queue is.
 */
class PipelinedSenderTest {

    @Test
    void aSenderThatPipelinesFarMoreThanTheOutboundQueueGetsEveryAnswer(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir, Map.of("CHAT_WS_OUTBOUND_QUEUE", "16"))) {
            server.register("alice");
            server.register("bob");
            try (TestClient alice = server.online("alice")) {
                Set<String> sent = new HashSet<>();
                for (int i = 0; i < 500; i++) {
                    String id = UUID.randomUUID().toString();
                    sent.add(id);
                    alice.send(new ClientFrame.Send(id, "bob", Base64.getEncoder().encodeToString(("m" + i).getBytes())));
                }
                Set<String> answered = new HashSet<>();
                for (int i = 0; i < 500; i++) {
                    answered.add(alice.next(ServerFrame.Accepted.class).id());
                }
                assertThat(answered).isEqualTo(sent);
                assertThat(alice.isClosed()).isFalse();
            }
            try (TestClient bob = server.connect("bob")) {
                assertThat(bob.untilQueueEmpty()).hasSize(500);
            }
        }
    }
}
