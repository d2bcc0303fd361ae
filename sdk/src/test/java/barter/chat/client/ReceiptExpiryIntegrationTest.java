package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a one-second retention, a message to an offline user expires and the sender hears of it. */
class ReceiptExpiryIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void undeliveredMessageExpiresWithAReceipt() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("server"),
                Map.of("CHAT_RETENTION", "PT1S", "CHAT_CLEANUP_INTERVAL", "PT1S"));
                TestPeer alice = new TestPeer(server, dir, "alice").connect();
                TestPeer bob = new TestPeer(server, dir, "bob")) {
            Sent sent = alice.client().send("bob", "anyone?").get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> !alice.events(ChatEvent.Expired.class).isEmpty());
            assertThat(alice.events(ChatEvent.Expired.class).get(0).clientId()).isEqualTo(sent.clientId());
            assertThat(alice.events(ChatEvent.Delivered.class)).isEmpty();

            bob.connect();
            await().atMost(Duration.ofSeconds(20)).until(() -> !bob.events(ChatEvent.QueueDrained.class).isEmpty());
            assertThat(bob.received).isEmpty();
        }
    }
}
