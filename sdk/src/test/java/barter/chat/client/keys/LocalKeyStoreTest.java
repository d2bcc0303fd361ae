package barter.chat.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import barter.chat.client.crypto.IdentityKeys;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void storeIsOwnerOnlyAndRoundTrips() throws Exception {
        Path file = dir.resolve("nested/alice.keystore.json");
        IdentityKeys keys = IdentityKeys.generate();
        LocalKeyStore.create(file, "alice", keys, CLOCK);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");

        LocalKeyStore reopened = LocalKeyStore.open(file, CLOCK);
        assertThat(reopened.userId()).isEqualTo("alice");
        assertThat(reopened.current()).isEqualTo(keys);
        assertThat(Files.readString(file)).contains("\"format\" : \"barter-chat-keystore\"");
    }

    @Test
    void rotationKeepsOldAgreementKeysForQueuedMessagesUpToTheLimit() throws Exception {
        Path file = dir.resolve("bob.json");
        IdentityKeys first = IdentityKeys.generate();
        LocalKeyStore store = LocalKeyStore.create(file, "bob", first, CLOCK);
        for (int i = 0; i < LocalKeyStore.RETAINED; i++) {
            store.rotate(IdentityKeys.generate());
        }
        LocalKeyStore reopened = LocalKeyStore.open(file, CLOCK);
        assertThat(reopened.forAgreementKey(first.publicKeys().agreementKey())).contains(first);

        reopened.rotate(IdentityKeys.generate());
        assertThat(LocalKeyStore.open(file, CLOCK).forAgreementKey(first.publicKeys().agreementKey())).isEmpty();
    }

    @Test
    void pinsSurviveReopening() throws Exception {
        Path file = dir.resolve("carol.json");
        LocalKeyStore store = LocalKeyStore.create(file, "carol", IdentityKeys.generate(), CLOCK);
        IdentityKeys dave = IdentityKeys.generate();
        store.pin("dave", dave.publicKeys());

        PeerPin pin = LocalKeyStore.open(file, CLOCK).pin("dave").orElseThrow();
        assertThat(pin.keys()).isEqualTo(dave.publicKeys());
        assertThat(pin.pinnedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aStoreOthersCanReadIsRefusedOnOpen() throws Exception {
        Path file = dir.resolve("frank.json");
        LocalKeyStore.create(file, "frank", IdentityKeys.generate(), CLOCK);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LocalKeyStore.open(file, CLOCK)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(LocalKeyStore.open(file, CLOCK).userId()).isEqualTo("frank");
    }

    @Test
    void createRefusesToOverwriteAnExistingStore() throws Exception {
        Path file = dir.resolve("erin.json");
        LocalKeyStore.create(file, "erin", IdentityKeys.generate(), CLOCK);
        assertThatThrownBy(() -> LocalKeyStore.create(file, "erin", IdentityKeys.generate(), CLOCK))
                .isInstanceOf(FileAlreadyExistsException.class);
    }
}
