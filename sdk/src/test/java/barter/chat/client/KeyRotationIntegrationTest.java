package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import barter.chat.client.crypto.IdentityKeys;
import barter.chat.client.crypto.SafetyNumbers;
import barter.chat.client.keys.KeyChangedException;
import com.google.crypto.tink.subtle.X25519;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity-key changes are caught in both directions; agreement-key rotation under one identity is routine. */
class KeyRotationIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestServer server;
    private TestPeer alice;
    private TestPeer bob;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("server"), Map.of());
        alice = new TestPeer(server, dir, "alice").connect();
        bob = new TestPeer(server, dir, "bob").connect();
        alice.client().send("bob", "hello").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.received.size() == 1);
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        server.close();
    }

    @Test
    void changedIdentityKeyBlocksSendingAndHoldsIncomingUntilAccepted() throws Exception {
        byte[] oldKey = bob.store.current().publicKeys().signingKey();
        bob.store.rotate(IdentityKeys.generate());
        bob.client().publishKeys();
        byte[] newKey = bob.store.current().publicKeys().signingKey();

        assertThatThrownBy(() -> alice.client().send("bob", "still there?").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(KeyChangedException.class)
                .hasMessageContaining(SafetyNumbers.fingerprint("bob", oldKey))
                .hasMessageContaining(SafetyNumbers.fingerprint("bob", newKey));

        bob.client().send("alice", "new phone, same bob").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !alice.events(ChatEvent.KeyChanged.class).isEmpty());
        ChatEvent.KeyChanged changed = alice.events(ChatEvent.KeyChanged.class).get(0);
        assertThat(changed.peer()).isEqualTo("bob");
        assertThat(changed.oldFingerprint()).isEqualTo(SafetyNumbers.fingerprint("bob", oldKey));
        assertThat(changed.newFingerprint()).isEqualTo(SafetyNumbers.fingerprint("bob", newKey));
        assertThat(alice.received).isEmpty();

        alice.client().acceptKeyChange("bob", changed.newFingerprint());
        await().atMost(WAIT).until(() -> alice.texts().contains("new phone, same bob"));
        alice.client().send("bob", "welcome back").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> bob.texts().contains("welcome back"));
        assertThat(alice.client().safetyNumber("bob"))
                .isEqualTo(SafetyNumbers.safetyNumber("alice", alice.store.current().publicKeys().signingKey(),
                        "bob", newKey));
    }

    @Test
    void acceptingAKeyTheServerSwappedAfterTheWarningIsRefused() throws Exception {
        byte[] pinned = bob.store.current().publicKeys().signingKey();
        bob.store.rotate(IdentityKeys.generate());
        bob.client().publishKeys();
        Throwable warning = catchThrowable(() -> alice.client().send("bob", "new key?").get(10, TimeUnit.SECONDS));
        String shown = ((KeyChangedException) warning.getCause()).newFingerprint();

        // Between the warning and the user's "accept", the directory starts serving yet another key.
        IdentityKeys swapped = IdentityKeys.generate();
        bob.store.rotate(swapped);
        bob.client().publishKeys();

        assertThatThrownBy(() -> alice.client().acceptKeyChange("bob", shown))
                .isInstanceOf(KeyChangedException.class)
                .hasMessageContaining(SafetyNumbers.fingerprint("bob", swapped.publicKeys().signingKey()));
        assertThat(alice.store.pin("bob").orElseThrow().keys().signingKey()).isEqualTo(pinned);
        assertThatThrownBy(() -> alice.client().send("bob", "still blocked").get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(KeyChangedException.class);
    }

    @Test
    void agreementKeyRotationUnderTheSameIdentityNeedsNoApproval() throws Exception {
        alice.client().close();
        alice.restartClient();
        // Sealed to bob's old agreement key while alice is offline from bob's point of view...
        alice.client().send("bob", "sealed to the old key");
        bob.store.rotate(bob.store.current().withAgreementKey(X25519.generatePrivateKey()));
        bob.client().publishKeys();
        alice.connect();
        alice.client().send("bob", "sealed to the new key").get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> bob.received.size() == 3);
        assertThat(bob.texts()).containsExactly("hello", "sealed to the old key", "sealed to the new key");
        assertThat(alice.events(ChatEvent.KeyChanged.class)).isEmpty();
        assertThat(alice.store.pin("bob").orElseThrow().keys().agreementKey())
                .isEqualTo(bob.store.current().publicKeys().agreementKey());
    }
}
