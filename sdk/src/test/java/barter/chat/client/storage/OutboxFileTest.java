package barter.chat.client.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxFileTest {
    @TempDir
    Path dir;

    @Test
    void pendingSendsSurviveReopeningInOrderAndSettledOnesDoNot() throws Exception {
        File file = dir.resolve("outbox").toFile();
        OutboxStore first = OutboxStore.file(file);
        assertThat(first.load()).isEmpty();
        first.add(new PendingSend("id-1", "bob", "Ym9keTE="));
        first.add(new PendingSend("id-2", "carol", "Ym9keTI="));
        first.add(new PendingSend("id-3", "bob", "Ym9keTM=", "Y29tbWl0bWVudA=="));
        first.remove("id-2");

        assertThat(OutboxStore.file(file).load()).containsExactly(new PendingSend("id-1", "bob", "Ym9keTE="),
                new PendingSend("id-3", "bob", "Ym9keTM=", "Y29tbWl0bWVudA=="));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath()))).isEqualTo("rw-------");
    }

    @Test
    void aLineTornByAKillIsDroppedAndLaterAppendsStayReadable() throws Exception {
        File file = dir.resolve("outbox").toFile();
        OutboxStore first = OutboxStore.file(file);
        first.load();
        first.add(new PendingSend("id-1", "bob", "Ym9keTE="));
        Files.write(file.toPath(), "+ id-2 bob Ym9k".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        OutboxStore second = OutboxStore.file(file);
        assertThat(second.load()).extracting(PendingSend::clientId).containsExactly("id-1");
        second.add(new PendingSend("id-3", "bob", "Ym9keTM="));
        assertThat(OutboxStore.file(file).load()).extracting(PendingSend::clientId).containsExactly("id-1", "id-3");
    }

    @Test
    void manySettledSendsAreCompactedAway() throws Exception {
        File file = dir.resolve("outbox").toFile();
        OutboxStore store = OutboxStore.file(file);
        store.load();
        for (int i = 0; i < 1000; i++) {
            store.add(new PendingSend("id-" + i, "bob", "Ym9keQ=="));
            store.remove("id-" + i);
        }
        assertThat(Files.readAllLines(file.toPath()).size()).isLessThan(600);
        assertThat(OutboxStore.file(file).load()).isEmpty();
    }

    @Test
    void handledIdsKeepTheLatestUpToTheCapacity() throws Exception {
        File file = dir.resolve("handled").toFile();
        DedupStore store = DedupStore.file(file, 3);
        store.load();
        for (long id = 1; id <= 10; id++) {
            store.add(id);
        }
        assertThat(DedupStore.file(file, 3).load()).containsExactly(8L, 9L, 10L);
        assertThat(Files.readAllLines(file.toPath()).size()).isLessThanOrEqualTo(7);
    }
}
