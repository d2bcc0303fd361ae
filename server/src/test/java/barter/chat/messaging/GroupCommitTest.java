package barter.chat.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import barter.chat.store.Database;
import barter.chat.store.MessageDao;
import barter.chat.store.Write;
import barter.chat.store.WriteResult;
import barter.chat.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single writer on a real PostgreSQL store: one poison write cannot take its batch down with it. */
class GroupCommitTest {

    @Test
    void aPoisonWriteFailsAloneAndItsBatchNeighboursCommit(@TempDir Path dir) throws Exception {
        try (Database database = TestDatabases.Kind.POSTGRES.open(dir)) {
            HeldDao dao = new HeldDao(MessageDao.jdbi(database));
            GroupCommit writer = new GroupCommit(dao, (size, nanos) -> { });
            Map<String, Long> accepted = new ConcurrentHashMap<>();
            Map<String, RuntimeException> failed = new ConcurrentHashMap<>();
            submit(writer, "first", accepted, failed);
            assertThat(dao.holding.await(10, TimeUnit.SECONDS)).as("the writer is inside its first commit").isTrue();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add("good-" + i);
                if (i == 5) {
                    ids.add("poison\u0000");
                }
            }
            ids.forEach(id -> submit(writer, id, accepted, failed));
            dao.release.countDown();
            await().until(() -> accepted.size() + failed.size() == ids.size() + 1);
            writer.close();

            assertThat(failed).containsOnlyKeys("poison\u0000");
            assertThat(accepted).containsKeys(ids.stream().filter(id -> id.startsWith("good")).toArray(String[]::new));
            assertThat(accepted.values()).doesNotHaveDuplicates();
            assertThat(dao.writeSizes).as("the neighbours were tried as one batch first").contains(ids.size());
            assertThat(dao.entriesAfter("bob", 0, 100, Long.MAX_VALUE).entries()).hasSize(11);
        }
    }

    private static void submit(GroupCommit writer, String clientId, Map<String, Long> accepted,
                               Map<String, RuntimeException> failed) {
        writer.submit(new Write.Accept("alice", clientId, "bob", "aGk=", 1000, true),
                result -> accepted.put(clientId, ((WriteResult.Accepted) result).messageId()),
                failure -> failed.put(clientId, failure));
    }

    /** A real store whose first write waits for the test, so that the next writes queue up into one batch. */
    private static final class HeldDao extends ForwardingMessageDao {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> writeSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

        HeldDao(MessageDao store) {
            super(store);
        }

        @Override
        public List<WriteResult> write(List<Write> writes) {
            writeSizes.add(writes.size());
            if (holding.getCount() > 0) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.write(writes);
        }
    }
}
