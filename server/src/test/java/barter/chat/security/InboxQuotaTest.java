package barter.chat.security;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.protocol.ClientFrame;
import barter.chat.protocol.ErrorCode;
import barter.chat.protocol.ServerFrame;
import barter.chat.testing.TestClient;
import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One recipient who never reads cannot make the server store without bound: past {@code CHAT_MAX_INBOX_MESSAGES}
 * a send to them gets {@code recipient_full}, counted in a metric, and the same send goes through once they read.
 */
class InboxQuotaTest {

    @Test
    void sendsToAFullInboxAreRefusedUntilItsOwnerReads(@TempDir Path dir) {
        try (TestServer server = TestServer.start(TestDatabases.sqlite(dir), dir,
                Map.of("CHAT_MAX_INBOX_MESSAGES", "2"))) {
            String alice = Wire.uniqueUser("alice");
            String bob = Wire.uniqueUser("bob");
            server.register(alice);
            server.register(bob);
            try (TestClient sender = server.online(alice)) {
                sender.send(new ClientFrame.Send("m1", bob, Wire.base64("one")));
                sender.send(new ClientFrame.Send("m2", bob, Wire.base64("two")));
                assertThat(sender.next(ServerFrame.Accepted.class).id()).isEqualTo("m1");
                assertThat(sender.next(ServerFrame.Accepted.class).id()).isEqualTo("m2");

                sender.send(new ClientFrame.Send("m3", bob, Wire.base64("three")));
                ServerFrame.Error refused = sender.next(ServerFrame.Error.class);
                assertThat(refused.id()).isEqualTo("m3");
                assertThat(refused.error()).isEqualTo(ErrorCode.RECIPIENT_FULL);
                assertThat(refused.message()).contains(bob).contains("same id");
                assertThat(server.request("GET", "/metrics", null, null).body())
                        .contains("chat_messaging_rejected_total{reason=\"recipient_full\"} 1.0");

                try (TestClient reader = server.connect(bob)) {
                    List<Long> ids = reader.untilQueueEmpty().stream().map(f -> ((ServerFrame.Message) f).messageId())
                            .toList();
                    assertThat(ids).hasSize(2);
                    reader.send(new ClientFrame.Ack(ids));
                    sender.next(ServerFrame.Receipt.class);
                    sender.next(ServerFrame.Receipt.class);
                }
                sender.send(new ClientFrame.Send("m3", bob, Wire.base64("three")));
                assertThat(sender.next(ServerFrame.Accepted.class).id()).as("m3 was not consumed").isEqualTo("m3");
            }
        }
    }
}
