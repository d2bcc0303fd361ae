package barter.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.ops.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who talks to whom is in the SQLite files: they and their folder are readable by their owner only. */
class DatabaseFilesTest {

    @Test
    void theSqliteFolderAndEveryFileOfTheStoreAreOwnerOnly(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("data");
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("chat.db"), null, null,
                Metrics.prometheus())) {
            MessageDao.jdbi(database).write(List.of(new Write.Accept("alice", "c1", "bob", "aGk=", 1, true)));
            assertThat(mode(folder)).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> all = files.toList();
                assertThat(all).extracting(p -> p.getFileName().toString()).contains("chat.db", "chat.db-wal");
                assertThat(all).allSatisfy(file -> assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------"));
            }
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
